//! The price catalog: one sheet per cloud provider (`prices/*.yaml`),
//! compiled in, every unit price with its unit, the document it comes from
//! and when it was read. `--prices FILE` overrides any subset of one sheet
//! (a negotiated discount, another region, arm instead of x86), and is
//! checked like a profile: every problem at once, with file, line and column.
//!
//! The cost model (`crate::analysis::cost`) never names a price: it asks a sheet for a
//! [`Role`] (what a FaaS request costs, what a node-hour costs), and the
//! sheet's `use:` map says which of its priced entries fills that role.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::{self, Loc};

// The built-in sheets, in file order: (name, YAML, the same as JSON), made
// by `build.rs`; `PriceBook::builtin` reads the JSON.
include!(concat!(env!("OUT_DIR"), "/prices.rs"));

/// What the cost model prices. Each sheet maps roles to its entries; a
/// role left unfilled gives no line, and a platform that needs it is not
/// priced on that sheet (the estimate says why).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    FaasRequest,
    FaasGbSecond,
    FaasVcpuSecond,
    GatewayRequest,
    FaasInstanceHour,
    FaasInstanceFee,
    FaasPlanHour,
    ContainerVcpuHour,
    ContainerGbHour,
    ContainerIdleVcpuHour,
    ContainerIdleGbHour,
    ContainerRequest,
    ContainerInstanceVcpuHour,
    ContainerInstanceGbHour,
    ClusterHour,
    NodeHour,
    PodVcpuHour,
    PodGbHour,
    VmHour,
    GpuInstanceHour,
    ContainerGpuInstanceHour,
    CpuCreditVcpuHour,
    LbHour,
    LbCapacityHour,
    Server,
    PowerKwh,
    SpaceKwMonth,
    HardwareSupport,
}

impl Role {
    pub(crate) const ALL: [Role; 28] = [
        Role::FaasRequest,
        Role::FaasGbSecond,
        Role::FaasVcpuSecond,
        Role::GatewayRequest,
        Role::FaasInstanceHour,
        Role::FaasInstanceFee,
        Role::FaasPlanHour,
        Role::ContainerVcpuHour,
        Role::ContainerGbHour,
        Role::ContainerIdleVcpuHour,
        Role::ContainerIdleGbHour,
        Role::ContainerRequest,
        Role::ContainerInstanceVcpuHour,
        Role::ContainerInstanceGbHour,
        Role::ClusterHour,
        Role::NodeHour,
        Role::PodVcpuHour,
        Role::PodGbHour,
        Role::VmHour,
        Role::GpuInstanceHour,
        Role::ContainerGpuInstanceHour,
        Role::CpuCreditVcpuHour,
        Role::LbHour,
        Role::LbCapacityHour,
        Role::Server,
        Role::PowerKwh,
        Role::SpaceKwMonth,
        Role::HardwareSupport,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::FaasRequest => "faas-request",
            Role::FaasGbSecond => "faas-gb-second",
            Role::FaasVcpuSecond => "faas-vcpu-second",
            Role::GatewayRequest => "gateway-request",
            Role::FaasInstanceHour => "faas-instance-hour",
            Role::FaasInstanceFee => "faas-instance-fee",
            Role::FaasPlanHour => "faas-plan-hour",
            Role::ContainerVcpuHour => "container-vcpu-hour",
            Role::ContainerGbHour => "container-gb-hour",
            Role::ContainerIdleVcpuHour => "container-idle-vcpu-hour",
            Role::ContainerIdleGbHour => "container-idle-gb-hour",
            Role::ContainerRequest => "container-request",
            Role::ContainerInstanceVcpuHour => "container-instance-vcpu-hour",
            Role::ContainerInstanceGbHour => "container-instance-gb-hour",
            Role::ClusterHour => "cluster-hour",
            Role::NodeHour => "node-hour",
            Role::PodVcpuHour => "pod-vcpu-hour",
            Role::PodGbHour => "pod-gb-hour",
            Role::VmHour => "vm-hour",
            Role::GpuInstanceHour => "gpu-instance-hour",
            Role::ContainerGpuInstanceHour => "container-gpu-instance-hour",
            Role::CpuCreditVcpuHour => "cpu-credit-vcpu-hour",
            Role::LbHour => "lb-hour",
            Role::LbCapacityHour => "lb-capacity-hour",
            Role::Server => "server",
            Role::PowerKwh => "power-kwh",
            Role::SpaceKwMonth => "space-kw-month",
            Role::HardwareSupport => "hardware-support",
        }
    }

    /// Whether each entry filling it must say its size (an instance type,
    /// a server, a plan's instance): these roles take a list of sizes, the
    /// model choosing the one that fits at the lowest cost.
    pub(crate) fn sized(self) -> bool {
        matches!(
            self,
            Role::NodeHour
                | Role::VmHour
                | Role::GpuInstanceHour
                | Role::ContainerGpuInstanceHour
                | Role::Server
                | Role::FaasInstanceHour
                | Role::FaasPlanHour
        )
    }

    fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One unit price.
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    pub item: String,
    pub unit: String,
    /// The price of one unit (of the first tier, where there are tiers).
    pub price: f64,
    pub source: String,
    /// For an instance, server or plan instance: its vCPUs and memory.
    pub vcpu: Option<f64>,
    pub memory_gb: Option<f64>,
    /// For an instance or server with accelerators: its GPUs.
    pub gpus: Option<f64>,
    /// Volume tiers after the first: from this many units a month, this
    /// price (API Gateway's requests, Lambda's GB-seconds).
    pub tiers: Vec<Tier>,
    /// Requests one instance or replica serves at once, where the product
    /// bills instance time rather than each request's (Flex Consumption,
    /// Cloud Run, Container Apps).
    pub concurrency: Option<f64>,
    /// The sizes a managed container service sells: (vCPU, least GB, most GB).
    pub shapes: Vec<[f64; 3]>,
    /// The product routes HTTP itself: no load balancer in front of it.
    pub ingress_included: bool,
    /// An idle rate that applies only while a service runs at its minimum
    /// replica count; scaled above it, every replica bills the active rate
    /// (Container Apps).
    pub idle_at_minimum_only: bool,
    /// A function's INIT phase (its cold start) is billed as duration.
    pub init_billed: bool,
    /// The least window in which an instance's activity is billed, in
    /// seconds, and the step a longer one is rounded up to (Flex
    /// Consumption's "minimum billable execution period": 1 s, then
    /// 100 ms).
    pub min_period_s: Option<f64>,
    pub period_step_s: Option<f64>,
    /// A burstable instance's baseline, a share of each vCPU: above it,
    /// CPU is billed as surplus credits.
    pub baseline: Option<f64>,
    /// Owned hardware: the years its price is spread over, and its
    /// average power draw in watts.
    pub life_years: Option<f64>,
    pub watts: Option<f64>,
    /// The product's published discount for a 1- or 3-year commitment (a
    /// Savings Plan, a committed-use discount, a savings plan for compute).
    pub commitment: Option<Commitment>,
}

/// A term of commitment: `constraints.commitment` in the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Term {
    #[default]
    None,
    OneYear,
    ThreeYear,
}

impl Term {
    /// The profile's word for it (`none`, `1y`, `3y`); anything else is none.
    pub fn from_word(word: &str) -> Term {
        match word {
            "1y" => Term::OneYear,
            "3y" => Term::ThreeYear,
            _ => Term::None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Term::None => "none",
            Term::OneYear => "1y",
            Term::ThreeYear => "3y",
        }
    }
}

/// A product's commitment discounts: the share off its on-demand price for
/// a 1-year and a 3-year term, and the page that publishes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Commitment {
    pub one_year: f64,
    pub three_year: f64,
    pub source: String,
}

/// A volume tier: from `from` units a month, `price` a unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tier {
    pub from: f64,
    pub price: f64,
}

impl Price {
    /// A plain price: a unit and what it costs.
    pub(crate) fn plain(item: &str, unit: &str, price: f64, source: &str) -> Price {
        Price {
            item: item.into(),
            unit: unit.into(),
            price,
            source: source.into(),
            vcpu: None,
            memory_gb: None,
            gpus: None,
            tiers: Vec::new(),
            concurrency: None,
            shapes: Vec::new(),
            ingress_included: false,
            idle_at_minimum_only: false,
            init_billed: false,
            min_period_s: None,
            period_step_s: None,
            baseline: None,
            life_years: None,
            watts: None,
            commitment: None,
        }
    }

    /// The share off this price for a term of commitment (0 for none, or
    /// where the product offers no commitment).
    pub(crate) fn discount(&self, term: Term) -> f64 {
        match (term, &self.commitment) {
            (Term::OneYear, Some(c)) => c.one_year,
            (Term::ThreeYear, Some(c)) => c.three_year,
            _ => 0.0,
        }
    }

    /// The window an execution of `duration_s` alone is billed for where
    /// the product bills an instance's activity in windows of at least a
    /// minimum, rounded up to a step (Flex Consumption: 1 s, then 100 ms);
    /// 0 where it has no minimum.
    pub(crate) fn billed_window(&self, duration_s: f64) -> f64 {
        match (self.min_period_s, self.period_step_s) {
            (Some(least), Some(step)) => least.max((duration_s / step - 1e-9).ceil() * step),
            (least, _) => least.unwrap_or(0.0),
        }
    }

    /// A quantity split into its tiers: `(tier index, quantity, unit price)`
    /// for each tier the quantity reaches (index 0 is the base price).
    pub(crate) fn tiered(&self, quantity: f64) -> Vec<(usize, f64, f64)> {
        let mut bounds = vec![(0.0, self.price)];
        bounds.extend(self.tiers.iter().map(|t| (t.from, t.price)));
        let mut out = Vec::new();
        for (k, &(from, price)) in bounds.iter().enumerate() {
            let to = bounds.get(k + 1).map_or(f64::INFINITY, |b| b.0);
            let q = quantity.min(to) - from;
            if q > 0.0 || (k == 0 && quantity <= 0.0) {
                out.push((k, q.max(0.0), price));
            }
        }
        out
    }
}

/// One provider's prices.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub provider: String,
    pub region: String,
    pub currency: String,
    pub read: String,
    pub hours_per_month: f64,
    /// Priced entries by id, in id order.
    pub prices: BTreeMap<String, Price>,
    /// Which entries fill each role: one, or for a sized role the sizes to
    /// choose from, smallest first.
    pub uses: BTreeMap<Role, Vec<String>>,
    /// Free quantity a month per entry id, subtracted with `--free-tier`.
    pub free_tier: BTreeMap<String, f64>,
    /// A grid carbon intensity (g CO2e per kWh) the sheet states, and the
    /// file that states it: it wins over the built-in table of regions
    /// (`analysis::carbon`).
    pub grid_g_per_kwh: Option<(f64, String)>,
    /// Each role's entries, by [`Role`] order, resolved once when the sheet
    /// is built: the estimate looks prices up thousands of times a run.
    resolved: Vec<Vec<(String, Price)>>,
}

impl Sheet {
    /// The (first) entry filling a role, with its id.
    pub(crate) fn get(&self, role: Role) -> Option<(&str, &Price)> {
        self.all(role).first().map(|(id, p)| (id.as_str(), p))
    }

    /// Every entry filling a role (the sizes of a sized role).
    pub(crate) fn all(&self, role: Role) -> &[(String, Price)] {
        self.resolved.get(role as usize).map_or(&[], Vec::as_slice)
    }

    /// The entry `entry` of a role, as a line item names it.
    pub(crate) fn entry(&self, role: Role, entry: usize) -> &Price {
        &self.all(role)[entry].1
    }

    pub(crate) fn free(&self, id: &str) -> f64 {
        self.free_tier.get(id).copied().unwrap_or(0.0)
    }

    /// `aws us-east-1, read 2026-11`.
    pub(crate) fn label(&self) -> String {
        format!("{} {}, read {}", self.provider, self.region, self.read)
    }
}

/// Every provider's sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceBook {
    pub sheets: Vec<Sheet>,
}

impl PriceBook {
    pub fn builtin() -> PriceBook {
        let mut sheets = Vec::new();
        let mut problems = Vec::new();
        for (name, text, json) in BUILTIN {
            let fast = json.and_then(|j| serde_json::from_str::<RawSheet>(j).ok());
            match fast.map_or_else(|| parse(name, text), Ok) {
                Ok(raw) => {
                    let mut sheet = Sheet::empty(&raw.provider.value);
                    sheet.apply(name, text, raw, &mut problems);
                    sheets.push(sheet);
                }
                Err(d) => problems.extend(d.0),
            }
        }
        assert!(
            problems.is_empty(),
            "the built-in prices are checked by the test suite: {}",
            Diagnostics(problems)
        );
        PriceBook { sheets }
    }

    /// The sheet for a provider (`aws`, `azure`, `gcp`).
    pub fn sheet(&self, provider: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.provider == provider)
    }

    /// Applies an override file on top of the sheet it names.
    pub fn with_override(mut self, file: &str, text: &str) -> Result<PriceBook, Diagnostics> {
        let raw = parse(file, text)?;
        let providers: Vec<String> = self.sheets.iter().map(|s| s.provider.clone()).collect();
        let Some(sheet) = self
            .sheets
            .iter_mut()
            .find(|s| s.provider == raw.provider.value)
        else {
            let help = match crate::text::hint::did_you_mean(
                &raw.provider.value,
                providers.iter().map(String::as_str),
            ) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("providers are: {}", providers.join(", ")),
            };
            return Err(Diagnostics::from(
                Diagnostic::new(
                    file,
                    text,
                    yaml::loc_of(&raw.provider),
                    format!("no price sheet for provider `{}`", raw.provider.value),
                )
                .help(help),
            ));
        };
        let mut problems = Vec::new();
        sheet.apply(file, text, raw, &mut problems);
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(Diagnostics(problems))
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSheet {
    provider: Spanned<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    read: Option<String>,
    #[serde(default)]
    hours_per_month: Option<Spanned<f64>>,
    #[serde(default)]
    prices: BTreeMap<String, Spanned<RawPrice>>,
    #[serde(default, rename = "use")]
    uses: BTreeMap<String, Spanned<UseValue>>,
    #[serde(default)]
    free_tier: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    grid_g_per_kwh: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrice {
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    price: Option<f64>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    vcpu: Option<f64>,
    #[serde(default)]
    memory_gb: Option<f64>,
    #[serde(default)]
    gpus: Option<f64>,
    #[serde(default)]
    tiers: Option<Vec<RawTier>>,
    #[serde(default)]
    concurrency: Option<f64>,
    #[serde(default)]
    shapes: Option<Vec<[f64; 3]>>,
    #[serde(default)]
    ingress_included: Option<bool>,
    #[serde(default)]
    idle_at_minimum_only: Option<bool>,
    #[serde(default)]
    init_billed: Option<bool>,
    #[serde(default)]
    min_period_s: Option<f64>,
    #[serde(default)]
    period_step_s: Option<f64>,
    #[serde(default)]
    baseline: Option<f64>,
    #[serde(default)]
    life_years: Option<f64>,
    #[serde(default)]
    watts: Option<f64>,
    #[serde(default)]
    commitment: Option<RawCommitment>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommitment {
    #[serde(rename = "1y")]
    one_year: f64,
    #[serde(rename = "3y")]
    three_year: f64,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    from: f64,
    price: f64,
}

/// A role's entry, its sizes (a list), or `none`: the role unfilled.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum UseValue {
    One(String),
    Many(Vec<String>),
}

impl UseValue {
    fn ids(self) -> Vec<String> {
        match self {
            UseValue::One(id) if id == "none" => Vec::new(),
            UseValue::One(id) => vec![id],
            UseValue::Many(ids) => ids,
        }
    }
}

fn parse(file: &str, text: &str) -> Result<RawSheet, Diagnostics> {
    match yaml::from_str::<Option<RawSheet>>(text) {
        Ok(Some(raw)) => Ok(raw),
        Ok(None) => Err(Diagnostics::from(Diagnostic::new(
            file,
            text,
            Loc::default(),
            "the prices file is empty; it needs at least `provider:`",
        ))),
        Err(err) => Err(Diagnostics::from(Diagnostic::from_syntax(file, text, err))),
    }
}

impl Sheet {
    fn empty(provider: &str) -> Sheet {
        Sheet {
            provider: provider.to_owned(),
            region: String::new(),
            currency: String::new(),
            read: String::new(),
            hours_per_month: 0.0,
            prices: BTreeMap::new(),
            uses: BTreeMap::new(),
            free_tier: BTreeMap::new(),
            grid_g_per_kwh: None,
            resolved: Vec::new(),
        }
    }

    /// Merges a parsed sheet (the built-in one into an empty sheet, or an
    /// override into a built-in one), reporting every problem.
    // Over 100 lines: every field of a sheet is merged and checked against
    // the same `problem` sink, and the last checks need the whole merged
    // sheet, so the merge reads as one pass from top to bottom.
    fn apply(&mut self, file: &str, text: &str, raw: RawSheet, problems: &mut Vec<Diagnostic>) {
        let mut problem = |loc: Loc, message: String, help: Option<String>| {
            let mut d = Diagnostic::new(file, text, loc, message);
            d.help = help;
            problems.push(d);
        };
        if let Some(r) = raw.region {
            self.region = r;
        }
        if let Some(c) = raw.currency {
            self.currency = c;
        }
        if let Some(r) = raw.read {
            self.read = r;
        }
        if let Some(g) = raw.grid_g_per_kwh {
            if g.value.is_finite() && (0.0..=2000.0).contains(&g.value) {
                self.grid_g_per_kwh = Some((g.value, file.to_owned()));
            } else {
                problem(
                    yaml::loc_of(&g),
                    format!(
                        "`grid_g_per_kwh` is {}, but a grid's carbon intensity is from 0 to 2,000 g CO2e per kWh",
                        g.value
                    ),
                    Some("coal-fired grids reach about 1,000; Cloud Carbon Footprint's regions run from 8 to 928".into()),
                );
            }
        }
        if let Some(h) = raw.hours_per_month {
            if h.value.is_finite() && h.value > 0.0 && h.value <= 744.0 {
                self.hours_per_month = h.value;
            } else {
                problem(
                    yaml::loc_of(&h),
                    format!(
                        "`hours_per_month` is {}, but a month has between 1 and 744 hours",
                        h.value
                    ),
                    Some("AWS's and Azure's pricing pages use 730".into()),
                );
            }
        }
        for (id, raw_price) in raw.prices {
            let at = yaml::loc_of(&raw_price);
            let p = raw_price.value;
            let number_ok = |x: Option<f64>| x.is_none_or(|v| v.is_finite() && v >= 0.0);
            let tiers_ok = p.tiers.iter().flatten().all(|t| {
                t.from.is_finite() && t.from > 0.0 && t.price.is_finite() && t.price >= 0.0
            }) && p
                .tiers
                .iter()
                .flatten()
                .zip(p.tiers.iter().flatten().skip(1))
                .all(|(a, b)| a.from < b.from);
            let shapes_ok = p.shapes.iter().flatten().all(|[v, lo, hi]| {
                [v, lo, hi].iter().all(|x| x.is_finite()) && *v > 0.0 && *lo > 0.0 && lo <= hi
            });
            if ![p.price, p.vcpu, p.memory_gb, p.gpus, p.baseline, p.watts]
                .into_iter()
                .all(number_ok)
            {
                problem(
                    at,
                    format!("price `{id}` has a negative or non-finite number"),
                    Some("prices, vCPUs and memory are numbers >= 0".into()),
                );
                continue;
            }
            let positive = |x: Option<f64>| x.is_none_or(|v| v.is_finite() && v > 0.0);
            let commitment_ok = p.commitment.as_ref().is_none_or(|c| {
                [c.one_year, c.three_year]
                    .iter()
                    .all(|d| d.is_finite() && (0.0..1.0).contains(d))
            });
            if !commitment_ok {
                problem(
                    at,
                    format!("price `{id}` has a commitment discount out of range"),
                    Some("`1y` and `3y` are the share off the on-demand price, from 0 up to (not including) 1: 0.28 for 28%".into()),
                );
                continue;
            }
            let commitment = p.commitment.map(|c| Commitment {
                one_year: c.one_year,
                three_year: c.three_year,
                source: c.source,
            });
            let periods_ok = positive(p.min_period_s) && positive(p.period_step_s);
            if !positive(p.concurrency)
                || !positive(p.life_years)
                || !periods_ok
                || !tiers_ok
                || !shapes_ok
            {
                problem(
                    at,
                    format!("price `{id}` has a concurrency, life, billing period, tier or shape out of range"),
                    Some("concurrency, life_years, min_period_s and period_step_s are above 0; tiers rise, each `from` above 0; shapes are [vCPU, least GB, most GB]".into()),
                );
                continue;
            }
            let tiers = |t: Option<Vec<RawTier>>| {
                t.map(|t| {
                    t.into_iter()
                        .map(|t| Tier {
                            from: t.from,
                            price: t.price,
                        })
                        .collect()
                })
            };
            match self.prices.get_mut(&id) {
                Some(existing) => {
                    let source_given = p.source.is_some();
                    if let Some(v) = p.price {
                        existing.price = v;
                        if !source_given {
                            existing.source = format!("{file} (override)");
                        }
                    }
                    existing.item = p.item.unwrap_or(existing.item.clone());
                    existing.unit = p.unit.unwrap_or(existing.unit.clone());
                    existing.source = p.source.unwrap_or(existing.source.clone());
                    existing.vcpu = p.vcpu.or(existing.vcpu);
                    existing.memory_gb = p.memory_gb.or(existing.memory_gb);
                    existing.gpus = p.gpus.or(existing.gpus);
                    if let Some(t) = tiers(p.tiers) {
                        existing.tiers = t;
                    }
                    existing.concurrency = p.concurrency.or(existing.concurrency);
                    if let Some(s) = p.shapes {
                        existing.shapes = s;
                    }
                    existing.ingress_included =
                        p.ingress_included.unwrap_or(existing.ingress_included);
                    existing.idle_at_minimum_only = p
                        .idle_at_minimum_only
                        .unwrap_or(existing.idle_at_minimum_only);
                    existing.init_billed = p.init_billed.unwrap_or(existing.init_billed);
                    existing.min_period_s = p.min_period_s.or(existing.min_period_s);
                    existing.period_step_s = p.period_step_s.or(existing.period_step_s);
                    existing.baseline = p.baseline.or(existing.baseline);
                    existing.life_years = p.life_years.or(existing.life_years);
                    existing.watts = p.watts.or(existing.watts);
                    existing.commitment = commitment.or(existing.commitment.take());
                }
                None => match (p.item, p.unit, p.price, p.source) {
                    (Some(item), Some(unit), Some(price), Some(source)) => {
                        self.prices.insert(
                            id,
                            Price {
                                vcpu: p.vcpu,
                                memory_gb: p.memory_gb,
                                gpus: p.gpus,
                                tiers: tiers(p.tiers).unwrap_or_default(),
                                concurrency: p.concurrency,
                                shapes: p.shapes.unwrap_or_default(),
                                ingress_included: p.ingress_included.unwrap_or(false),
                                idle_at_minimum_only: p.idle_at_minimum_only.unwrap_or(false),
                                init_billed: p.init_billed.unwrap_or(false),
                                min_period_s: p.min_period_s,
                                period_step_s: p.period_step_s,
                                baseline: p.baseline,
                                life_years: p.life_years,
                                watts: p.watts,
                                commitment,
                                ..Price::plain(&item, &unit, price, &source)
                            },
                        );
                    }
                    _ => {
                        let known: Vec<&str> = self.prices.keys().map(String::as_str).collect();
                        let help = match crate::text::hint::did_you_mean(&id, known) {
                            Some(near) => format!(
                                "did you mean `{near}`? To add a new price, give item, unit, price and source"
                            ),
                            None => "a new price needs item, unit, price and source".into(),
                        };
                        problem(
                            at,
                            format!(
                                "price `{id}` is not in the {} sheet and is incomplete",
                                self.provider
                            ),
                            Some(help),
                        );
                    }
                },
            }
        }
        // Where this file says each `use:` and `free_tier` entry, so that a
        // problem of the merged sheet points at its own line, not at
        // `provider:` (an entry the base sheet wrote keeps `provider:`).
        let mut use_at = BTreeMap::new();
        let mut free_at = BTreeMap::new();
        for (role_name, id) in raw.uses {
            let at = yaml::loc_of(&id);
            match Role::parse(&role_name) {
                Some(role) => {
                    use_at.insert(role, at);
                    self.uses.insert(role, id.value.ids());
                }
                None => {
                    let names = Role::ALL.map(Role::name);
                    let help = match crate::text::hint::did_you_mean(&role_name, names) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("roles are: {}", names.join(", ")),
                    };
                    problem(
                        at,
                        format!("unknown role `{role_name}` in `use`"),
                        Some(help),
                    );
                }
            }
        }
        for (id, q) in raw.free_tier {
            free_at.insert(id.clone(), yaml::loc_of(&q));
            if q.value.is_finite() && q.value >= 0.0 {
                self.free_tier.insert(id, q.value);
            } else {
                problem(
                    yaml::loc_of(&q),
                    format!("free quantity of `{id}` must be a number >= 0"),
                    None,
                );
            }
        }
        // What the merged sheet must hold, whoever wrote which part of it.
        let provider_at = yaml::loc_of(&raw.provider);
        for (&role, ids) in &self.uses {
            let at = use_at.get(&role).copied().unwrap_or(provider_at);
            if ids.len() > 1 && !role.sized() {
                problem(
                    at,
                    format!(
                        "`use: {role}` lists {} entries, but it takes one",
                        ids.len()
                    ),
                    Some("only instance, server and plan roles take a list of sizes".into()),
                );
            }
            for id in ids {
                match self.prices.get(id) {
                    None => problem(
                        at,
                        format!(
                            "`use: {role}` names `{id}`, which the {} sheet does not price",
                            self.provider
                        ),
                        crate::text::hint::did_you_mean(id, self.prices.keys().map(String::as_str))
                            .map(|n| format!("did you mean `{n}`?")),
                    ),
                    Some(p)
                        if role.sized()
                            && (p.vcpu.is_none_or(|v| v <= 0.0)
                                || p.memory_gb.is_none_or(|m| m <= 0.0)) =>
                    {
                        problem(
                            at,
                            format!(
                                "`{id}` fills `{role}`, so it needs `vcpu` and `memory_gb` above 0"
                            ),
                            None,
                        )
                    }
                    Some(p) if role == Role::Server && p.life_years.is_none() => problem(
                        at,
                        format!(
                            "`{id}` fills `server`, so it needs `life_years` (its amortisation)"
                        ),
                        None,
                    ),
                    Some(_) => {}
                }
            }
        }
        for id in self.free_tier.keys() {
            if !self.prices.contains_key(id) {
                problem(
                    free_at.get(id).copied().unwrap_or(provider_at),
                    format!(
                        "`free_tier` names `{id}`, which the {} sheet does not price",
                        self.provider
                    ),
                    None,
                );
            }
        }
        if self.hours_per_month == 0.0 {
            problem(
                provider_at,
                "the sheet gives no `hours_per_month`".into(),
                None,
            );
        }
        self.resolved = Role::ALL
            .iter()
            .map(|r| {
                self.uses
                    .get(r)
                    .into_iter()
                    .flatten()
                    .filter_map(|id| self.prices.get(id).map(|p| (id.clone(), p.clone())))
                    .collect()
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_sheets_read_from_json_equal_the_ones_read_from_yaml() {
        let mut from_yaml = Vec::new();
        for (name, text, json) in BUILTIN {
            assert!(json.is_some(), "build.rs made no JSON of {name}");
            let raw = parse(name, text).unwrap();
            let mut sheet = Sheet::empty(&raw.provider.value);
            let mut problems = Vec::new();
            sheet.apply(name, text, raw, &mut problems);
            assert!(problems.is_empty());
            from_yaml.push(sheet);
        }
        assert_eq!(PriceBook::builtin().sheets, from_yaml);
    }

    #[test]
    fn the_builtin_sheets_load_and_fill_the_roles_of_their_kind() {
        let book = PriceBook::builtin();
        assert_eq!(
            book.sheets
                .iter()
                .map(|s| s.provider.as_str())
                .collect::<Vec<_>>(),
            ["aws", "azure", "gcp", "own-hardware"]
        );
        let cloud = [
            Role::FaasRequest,
            Role::FaasGbSecond,
            Role::ContainerVcpuHour,
            Role::ContainerGbHour,
            Role::NodeHour,
            Role::VmHour,
        ];
        let own = [
            Role::Server,
            Role::PowerKwh,
            Role::SpaceKwMonth,
            Role::HardwareSupport,
        ];
        for s in &book.sheets {
            let (fills, not): (&[Role], &[Role]) = match s.provider.as_str() {
                "own-hardware" => (&own, &cloud),
                _ => (&cloud, &own),
            };
            for &role in fills {
                assert!(s.get(role).is_some(), "{} fills no {role}", s.provider);
            }
            for &role in not {
                assert!(s.get(role).is_none(), "{} fills {role}", s.provider);
            }
            for p in s.prices.values() {
                assert!(!p.source.trim().is_empty() && p.price >= 0.0, "{p:?}");
            }
            assert!(s.read.starts_with("2026-"), "{}", s.read);
        }
    }

    #[test]
    fn an_override_changes_only_what_it_names_and_says_where_prices_came_from() {
        let book = PriceBook::builtin()
            .with_override(
                "mine.yaml",
                "provider: aws\nprices:\n  lambda-gb-second-x86: {price: 0.00001667}\nuse:\n  vm-hour: ec2-m5-large\n",
            )
            .unwrap();
        let aws = book.sheet("aws").unwrap();
        let (_, p) = aws.get(Role::FaasGbSecond).unwrap();
        assert_eq!(p.price, 0.00001667);
        assert_eq!(p.source, "mine.yaml (override)");
        assert_eq!(aws.get(Role::VmHour).unwrap().0, "ec2-m5-large");
        assert_eq!(aws.get(Role::FaasRequest).unwrap().1.price, 0.0000002);
    }

    #[test]
    fn a_bad_override_reports_every_problem_with_its_line() {
        let text = "provider: aws\nprices:\n  lambda-gb-second-x68: {price: 1}\n  lambda-request: {price: -1}\nuse:\n  vm-hours: ec2-t3-medium\n  node-hour: ec2-m5-larg\n";
        let err = PriceBook::builtin()
            .with_override("bad.yaml", text)
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.yaml:3:"), "{err}");
        assert!(
            err.contains("did you mean `lambda-gb-second-x86`?"),
            "{err}"
        );
        assert!(err.contains("negative"), "{err}");
        assert!(err.contains("did you mean `vm-hour`?"), "{err}");
        assert!(err.contains("did you mean `ec2-m5-large`?"), "{err}");
        let err = PriceBook::builtin()
            .with_override("p.yaml", "provider: awz\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `aws`?"), "{err}");
        let err = PriceBook::builtin()
            .with_override("p.yaml", "provider: aws\nprice: {}\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("p.yaml:2:1"), "{err}");
        // A commitment discount is a share below 1, at its line.
        let err = PriceBook::builtin()
            .with_override(
                "c.yaml",
                "provider: aws\nprices:\n  ec2-m5-large:\n    commitment: {1y: 0.3, 3y: 66, source: s}\n",
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("c.yaml:4:"), "{err}");
        assert!(err.contains("commitment discount out of range"), "{err}");
        // A least billed window is above 0.
        let err = PriceBook::builtin()
            .with_override(
                "m.yaml",
                "provider: azure\nprices:\n  flex-gb-second: {min_period_s: 0}\n",
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("billing period"), "{err}");
        // A good one replaces the sheet's, with its source.
        let book = PriceBook::builtin()
            .with_override(
                "c.yaml",
                "provider: aws\nprices:\n  ec2-m5-large:\n    commitment: {1y: 0.2, 3y: 0.4, source: our contract}\n",
            )
            .unwrap();
        let p = &book.sheet("aws").unwrap().prices["ec2-m5-large"];
        assert_eq!(p.discount(Term::OneYear), 0.2);
        assert_eq!(p.discount(Term::None), 0.0);
        assert_eq!(p.commitment.as_ref().unwrap().source, "our contract");
    }
}
