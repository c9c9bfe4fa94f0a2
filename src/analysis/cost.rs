//! What each strategy would cost a month, and what it adds to latency: a
//! pure function from a profile and a price sheet to a [`Costing`].
//!
//! The profile is read into a [`Load`] here, every input it leaves out
//! taking a named default that the estimate lists; [`pricing`] bills each
//! strategy's platform for that load by one capacity model, every line
//! `quantity × unit_price`, rounded to the cent, from a sourced price.
//! Here too: the operations hours each platform takes (heuristics, each
//! labelled, priced when `team.engineer_monthly_cost` is stated), the
//! latency it adds, and the rates where two strategies' costs cross.
//!
//! [`pricing`]: crate::analysis::pricing

use crate::analysis::carbon::Footprint;
use crate::analysis::pricing::{CPU_SHARE, Priced, Pricer};
pub(crate) use crate::analysis::pricing::{Item, ItemKind, Load, Platform, Unpriced, cents};
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::fields::{self, FieldValue};
use crate::domain::prices::{PriceBook, Sheet, Term};
use crate::domain::profile::Profile;

/// Per-hop latency of Istio's sidecar pair at p99 (Red Hat OpenShift
/// Service Mesh, Istio 1.12).
pub(crate) const MESH_HOP_P99_MS: f64 = 2.7;
/// An ambient L4 hop, two ztunnels, at p99 (istio.io 1.22+, as read).
pub(crate) const AMBIENT_L4_HOP_P99_MS: f64 = 0.2;
/// Linkerd's added latency over Istio's in a vendor's benchmark (Buoyant
/// 2021, 2,000 rps): 6 ms against 17 ms.
pub(crate) const LINKERD_OVER_ISTIO: f64 = 6.0 / 17.0;
/// A function's cold start by runtime, in ms, and where the figure comes
/// from (AWS Lambda operator guide: Node.js 150-300 ms, Python 200-400 ms,
/// Java 3-8 s without SnapStart).
pub(crate) fn cold_start(runtime: &str) -> (f64, &'static str) {
    match runtime {
        "python" => (400.0, "Python: 200-400 ms (AWS Lambda operator guide)"),
        "java" => (
            3000.0,
            "Java without SnapStart: 3-8 s (AWS Lambda operator guide)",
        ),
        "node" => (300.0, "Node.js: 150-300 ms (AWS Lambda operator guide)"),
        "" => (
            300.0,
            "no runtime stated: a Node.js or Python cold start, 150-400 ms (AWS Lambda operator guide)",
        ),
        _ => (
            300.0,
            "no published figure for this runtime: the Node.js and Python range, 150-400 ms (AWS Lambda operator guide)",
        ),
    }
}
/// Hours of an engineer's month, to price operations work.
pub(crate) const ENGINEER_HOURS: f64 = 160.0;

/// One strategy's monthly estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct StrategyCost {
    pub platform: Platform,
    /// The priced platform in words (`AWS Lambda`, `EKS with Istio sidecars`).
    pub name: String,
    pub items: Vec<Item>,
    /// The sum of the items' amounts.
    pub monthly: f64,
    pub labour_hours: f64,
    /// Labour priced with `team.engineer_monthly_cost`; not in `monthly`.
    pub labour: Option<f64>,
    /// Where the labour figure comes from.
    pub labour_source: &'static str,
    /// A cluster's nodes, shared by the workloads on one cluster.
    pub pool: Option<crate::analysis::pricing::Pool>,
}

/// The latency one strategy adds on the critical path.
#[derive(Debug, Clone, PartialEq)]
pub struct Latency {
    pub added_ms: f64,
    pub percentile: &'static str,
    pub note: String,
}

impl Latency {
    /// `+5.4 ms at p99`.
    pub(crate) fn added(&self) -> String {
        format!(
            "+{} ms at {}",
            fields::format_number((self.added_ms * 10.0).round() / 10.0),
            self.percentile
        )
    }
}

/// A default the estimate used for something the profile did not state.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumption {
    pub what: &'static str,
    pub value: String,
    pub why: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub currency: String,
    pub hours_per_month: f64,
    /// `aws us-east-1, read 2026-11`.
    pub prices: String,
    /// The provider whose sheet priced it.
    pub provider: String,
    pub free_tier: bool,
    /// The term of commitment priced (`constraints.commitment`).
    pub commitment: Term,
    /// Capacity already paid for (`constraints.prepaid_capacity`: `none`,
    /// `owned` or `reserved`). Every strategy is still priced as a new
    /// bill; the money rules do not score these dollars when it is not
    /// `none` (rules/cost.yaml).
    pub prepaid_capacity: &'static str,
    pub load: Load,
    pub assumptions: Vec<Assumption>,
}

/// How traffic's peak relates to its mean when only one is stated: a
/// heuristic per shape (steady ×1.5, diurnal ×3, spiky ×10, sporadic ×20).
fn peak_factor(traffic: &str) -> f64 {
    match traffic {
        "diurnal" => 3.0,
        "spiky" => 10.0,
        "sporadic" => 20.0,
        _ => 1.5,
    }
}

/// A profile field's number; the path is a literal, looked up once.
macro_rules! num {
    ($p:expr, $id:ident) => {
        $p.num($crate::domain::fields::id::$id)
    };
}

/// A profile field's word (`""` when it has none); looked up once.
macro_rules! word {
    ($p:expr, $id:ident) => {
        match $p.get($crate::domain::fields::id::$id) {
            Some(FieldValue::Enum(w)) => *w,
            _ => "",
        }
    };
}

/// A figure the estimate derived, as a person writes it: six significant
/// digits, without float noise (`0.00015`, not `0.00015000000000000001`).
pub(crate) fn shown(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return fields::format_number(x);
    }
    let scale = 10f64.powi(5 - x.abs().log10().floor() as i32);
    fields::format_number((x * scale).round() / scale)
}

/// The load the estimate prices, with what it assumed.
pub(crate) fn load(p: &Profile) -> (Load, Vec<Assumption>) {
    let mut assumed = Vec::new();
    let traffic = word!(p, WORKLOAD_TRAFFIC);
    let factor = peak_factor(traffic);
    let (avg, peak) = match (num!(p, WORKLOAD_AVERAGE_RPS), num!(p, WORKLOAD_PEAK_RPS)) {
        (Some(a), Some(k)) => (a, k),
        (Some(a), None) => {
            assumed.push(Assumption {
                what: "workload.peak_rps",
                value: shown(a * factor),
                why: "the average times the traffic shape's peak factor (steady 1.5, diurnal 3, spiky 10, sporadic 20)",
            });
            (a, a * factor)
        }
        (None, Some(k)) => {
            assumed.push(Assumption {
                what: "workload.average_rps",
                value: shown(k / factor),
                why: "the peak over the traffic shape's peak factor (steady 1.5, diurnal 3, spiky 10, sporadic 20)",
            });
            (k / factor, k)
        }
        // A scheduled job with no rate: once a day, the commonest schedule
        // (a nightly run), not a request a second, which would price
        // thousands of copies of it running at once.
        (None, None) if word!(p, WORKLOAD_TRIGGER) == "schedule" => {
            assumed.push(Assumption {
                what: "workload.average_rps",
                value: shown(1.0 / 86_400.0),
                why: "no rate stated for a scheduled job: one run a day (a heuristic: the nightly run); state average_rps, in runs a second, for another schedule",
            });
            (1.0 / 86_400.0, 1.0 / 86_400.0)
        }
        (None, None) => {
            assumed.push(Assumption {
                what: "workload.average_rps",
                value: "1".into(),
                why: "no rate stated: state average_rps for an estimate of your load",
            });
            (1.0, factor)
        }
    };
    let max_s = num!(p, WORKLOAD_MAX_DURATION_S).unwrap_or(1.0);
    let trigger = word!(p, WORKLOAD_TRIGGER);
    let duration_s = match num!(p, WORKLOAD_AVG_DURATION_MS) {
        Some(ms) => ms / 1000.0,
        // A scheduled job runs its length, the longest stated.
        None if trigger == "schedule" => {
            assumed.push(Assumption {
                what: "workload.avg_duration_ms",
                value: shown(max_s * 1000.0),
                why: "a scheduled job runs about as long as the longest (workload.max_duration_s)",
            });
            max_s
        }
        None => {
            let d = max_s.min(0.1);
            assumed.push(Assumption {
                what: "workload.avg_duration_ms",
                value: shown(d * 1000.0),
                why: "100 ms, or the longest request if shorter",
            });
            d
        }
    };
    let cpu_s = match num!(p, WORKLOAD_CPU_MS) {
        Some(ms) => ms / 1000.0,
        None => {
            let cpu = duration_s * CPU_SHARE;
            assumed.push(Assumption {
                what: "workload.cpu_ms",
                value: shown(cpu * 1000.0),
                why: "a tenth of the duration on a CPU, the rest waiting on I/O (a heuristic for web and API work; state it for CPU-bound work)",
            });
            cpu
        }
    };
    let load = Load {
        average_rps: avg,
        peak_rps: peak,
        duration_s,
        cpu_s,
        memory_gb: num!(p, WORKLOAD_MEMORY_MB).unwrap_or(512.0) / 1024.0,
        services: num!(p, SYSTEM_SERVICES).unwrap_or(5.0),
        http: trigger == "http",
        run_time: matches!(trigger, "queue" | "schedule"),
        call_depth: num!(p, WORKLOAD_CALL_DEPTH).unwrap_or(2.0),
        gpu: matches!(
            p.get(fields::id::WORKLOAD_GPU),
            Some(FieldValue::Bool(true))
        ),
        cold_start_s: cold_start(word!(p, WORKLOAD_RUNTIME)).0 / 1000.0,
        cluster_exists: word!(p, SYSTEM_PLATFORM) == "kubernetes",
    };
    (load, assumed)
}

/// Monthly operations hours of a platform: each figure a heuristic with
/// its reasoning, or sourced; for a platform the organisation already runs
/// (`system.platform`), only what this system adds to it.
pub(crate) fn labour(
    platform: Platform,
    machines: f64,
    own_hardware: bool,
    runs_already: bool,
) -> (f64, &'static str) {
    // Patching and configuring a fleet: automation covers the repetition,
    // so the work grows with the square root of the fleet, not its size.
    // (To a tenth of an hour, as reported.)
    let tenth = |h: f64| (h * 10.0).round() / 10.0;
    let fleet = tenth(2.0 * machines.max(0.0).sqrt());
    match platform {
        Platform::Functions | Platform::FunctionsOnInstances | Platform::FunctionsPlan => (
            4.0,
            "heuristic: half a working day a month (4 h) for functions' configuration, quotas, runtime upgrades and deploys; the provider patches and scales the hosts and runtimes (AWS Lambda's shared responsibility model)",
        ),
        Platform::ManagedContainers | Platform::ContainersOnDemand => (
            8.0,
            "heuristic: a working day a month (8 h) for task definitions, scaling policies and base-image updates on a managed service; the provider runs the hosts (AWS Fargate: AWS patches the infrastructure), twice functions' because images are the team's to patch",
        ),
        Platform::Kubernetes if runs_already => (
            8.0,
            "heuristic: Kubernetes already runs here, its upkeep paid for: this system's manifests and deploys on it, 8 h a month, as on a managed service",
        ),
        Platform::Kubernetes if own_hardware => (
            80.0,
            "heuristic: a self-run cluster, half an engineer (no managed control plane)",
        ),
        Platform::Kubernetes => (
            48.0,
            "AWS startup guidance (a heuristic): EKS upkeep is 20-40% of an engineer; 30% of 160 h",
        ),
        p if p.is_mesh() && runs_already => (
            24.0,
            "heuristic: Kubernetes already runs here: this system's deploys on it (8 h) plus the mesh's upgrades and certificates (16 h)",
        ),
        p if p.is_mesh() && own_hardware => (
            96.0,
            "heuristic: a self-run cluster (80 h) plus mesh upgrades and certificates (16 h)",
        ),
        p if p.is_mesh() => (
            64.0,
            "AWS startup guidance (a heuristic): 48 h of cluster upkeep, plus mesh upgrades and certificates (heuristic, 16 h)",
        ),
        _ if runs_already => (
            fleet,
            "heuristic: VMs already run here: 2 h a month times the square root of this system's instances (configuration management covers the repetition)",
        ),
        _ => (
            tenth(4.0 + fleet),
            "heuristic: 4 h a month, plus 2 h times the square root of the instances for patching and configuration (configuration management covers the repetition)",
        ),
    }
}

/// The operations hours a team states for a strategy (`team.ops_hours_*`),
/// which replace the estimate's: a team that knows its own upkeep.
pub(crate) fn stated_hours(p: &Profile, strategy: &str) -> Option<(f64, &'static str)> {
    let (field, source) = match strategy {
        "multi-instance" => (
            fields::id::TEAM_OPS_HOURS_MULTI_INSTANCE,
            "stated in the profile (team.ops_hours_multi_instance)",
        ),
        "container" => (
            fields::id::TEAM_OPS_HOURS_CONTAINER,
            "stated in the profile (team.ops_hours_container)",
        ),
        "serverless" => (
            fields::id::TEAM_OPS_HOURS_SERVERLESS,
            "stated in the profile (team.ops_hours_serverless)",
        ),
        "service-mesh" => (
            fields::id::TEAM_OPS_HOURS_SERVICE_MESH,
            "stated in the profile (team.ops_hours_service_mesh)",
        ),
        _ => return None,
    };
    p.num(field).map(|h| (h, source))
}

/// Whether the organisation already runs the platform a strategy needs
/// (`system.platform`): its upkeep, and a cluster's control plane, are
/// paid for.
pub(crate) fn runs_already(p: &Profile, platform: Platform) -> bool {
    match word!(p, SYSTEM_PLATFORM) {
        "kubernetes" => platform == Platform::Kubernetes || platform.is_mesh(),
        "vms" => platform == Platform::Instances,
        "serverless" => matches!(
            platform,
            Platform::Functions | Platform::FunctionsOnInstances | Platform::FunctionsPlan
        ),
        _ => false,
    }
}

/// Per-hop latency of each mesh data plane at p99, and its source: each
/// data plane's own figure, at the percentile it was measured.
pub(crate) fn mesh_hop(platform: Platform) -> (f64, &'static str) {
    match platform {
        Platform::MeshAmbient => (
            MESH_HOP_P99_MS / 2.0 + AMBIENT_L4_HOP_P99_MS,
            "Istio ambient: two ztunnels about 0.2 ms at p99 (istio.io 1.22+), and a waypoint for L7, one Envoy where a sidecar hop has two: half the sidecar pair's 2.7 ms",
        ),
        Platform::MeshLinkerd => (
            MESH_HOP_P99_MS * LINKERD_OVER_ISTIO,
            "Linkerd: the sidecar pair's 2.7 ms at p99 scaled by a vendor's benchmark (Buoyant 2021: +6 ms against Istio's +17 ms at 2,000 rps)",
        ),
        _ => (
            MESH_HOP_P99_MS,
            "Istio sidecars: 2.7 ms per hop at p99 (Red Hat OpenShift Service Mesh, Istio 1.12; istio.io measures 2.65 ms at p90)",
        ),
    }
}

/// The latency a platform adds on the critical path, at the SLO's percentile.
pub(crate) fn latency(
    platform: Platform,
    load: &Load,
    p: &Profile,
    words: bool,
) -> Option<Latency> {
    match platform {
        pl if pl.is_mesh() => {
            let (hop, source) = mesh_hop(pl);
            Some(Latency {
                added_ms: load.call_depth * hop,
                percentile: "p99",
                note: match words {
                    false => String::new(),
                    true => format!(
                        "{} hops × {} ms ({source})",
                        fields::format_number(load.call_depth),
                        fields::format_number((hop * 100.0).round() / 100.0)
                    ),
                },
            })
        }
        // Instances kept warm (Lambda Managed Instances, a Premium plan)
        // start no function cold.
        Platform::Functions | Platform::ContainersOnDemand => {
            let traffic = word!(p, WORKLOAD_TRAFFIC);
            let (cold, source) = cold_start(word!(p, WORKLOAD_RUNTIME));
            // Under 1% of invocations on steady load (AWS), below a p99; at low
            // or bursty traffic a larger share of requests meets a cold start.
            let reaches_p99 = matches!(traffic, "spiky" | "sporadic") || load.average_rps < 1.0;
            Some(Latency {
                added_ms: if reaches_p99 { cold } else { 0.0 },
                percentile: "p99",
                note: if !words {
                    String::new()
                } else if reaches_p99 {
                    format!(
                        "cold starts reach the p99 at {traffic} traffic of {} rps ({source})",
                        fields::format_number(load.average_rps)
                    )
                } else {
                    "cold starts hit under 1% of invocations on steady load (AWS Compute Blog), below the p99".into()
                },
            })
        }
        _ => None,
    }
}

impl Estimate {
    /// Without `words`, the numbers alone (no label, no assumptions).
    pub(crate) fn new(p: &Profile, sheet: &Sheet, free_tier: bool, words: bool) -> Estimate {
        let (load, mut assumptions) = load(p);
        if !words {
            return Estimate {
                currency: String::new(),
                hours_per_month: sheet.hours_per_month,
                prices: String::new(),
                provider: String::new(),
                free_tier,
                commitment: commitment(p),
                prepaid_capacity: word!(p, CONSTRAINTS_PREPAID_CAPACITY),
                load,
                assumptions: Vec::new(),
            };
        }
        if sheet.provider != OWN_HARDWARE && word!(p, SYSTEM_CLOUD) != sheet.provider {
            assumptions.push(Assumption {
                what: "system.cloud",
                value: sheet.provider.clone(),
                why: "no cloud stated (or `other`): priced with this sheet; state system.cloud for another",
            });
        }
        Estimate {
            currency: sheet.currency.clone(),
            hours_per_month: sheet.hours_per_month,
            prices: sheet.label(),
            provider: sheet.provider.clone(),
            free_tier,
            commitment: commitment(p),
            prepaid_capacity: word!(p, CONSTRAINTS_PREPAID_CAPACITY),
            load,
            assumptions,
        }
    }
}

/// The term the profile commits to (`constraints.commitment`).
pub(crate) fn commitment(p: &Profile) -> Term {
    Term::from_word(word!(p, CONSTRAINTS_COMMITMENT))
}

/// One strategy priced: its items, total and labour.
pub(crate) fn strategy_cost(
    platform: Platform,
    name: String,
    load: &Load,
    pricer: &Pricer,
    engineer_monthly_cost: Option<f64>,
    own_hardware: bool,
    runs_already: bool,
) -> Result<StrategyCost, Unpriced> {
    let Priced {
        items,
        machines,
        pool,
    } = pricer.price(platform, load)?;
    let monthly = cents(items.iter().map(|i| i.amount).sum());
    let (labour_hours, labour_source) =
        labour(platform, machines.ceil(), own_hardware, runs_already);
    Ok(StrategyCost {
        platform,
        name,
        items,
        monthly,
        labour_hours,
        labour: engineer_monthly_cost.map(|c| cents(labour_hours * c / ENGINEER_HOURS)),
        labour_source,
        pool,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::prices::{PriceBook, Role};
    use crate::domain::profile::Profile;

    fn profile(sets: &[&str]) -> Profile {
        Profile::from_sets(sets, &["container"])
    }

    #[test]
    fn the_lambda_pricing_pages_worked_example_to_the_cent() {
        // 512 MB, 3 million invocations of 1 s in a month, with the free
        // tier, at the example's own unit price of $0.00001667 per GB-second
        // (the list price is $0.0000166667): $18.34 + $0.40 = $18.74.
        let book = PriceBook::builtin()
            .with_override(
                "example.yaml",
                "provider: aws\nprices:\n  lambda-gb-second-x86: {price: 0.00001667, init_billed: false}\n",
            )
            .unwrap();
        let sheet = book.sheet("aws").unwrap();
        let rps = 3_000_000.0 / (730.0 * 3600.0);
        let p = profile(&[
            &format!("workload.average_rps={rps}"),
            "workload.avg_duration_ms=1000",
            "workload.trigger=queue",
        ]);
        let (load, _) = load(&p);
        let pricer = Pricer {
            sheet,
            free_tier: true,
            commitment: Term::None,
        };
        let c = strategy_cost(
            Platform::Functions,
            "AWS Lambda".into(),
            &load,
            &pricer,
            None,
            false,
            false,
        )
        .unwrap();
        let amounts: Vec<f64> = c.items.iter().map(|i| i.amount).collect();
        assert_eq!(amounts, [0.40, 18.34], "{:?}", c.items);
        assert_eq!(c.monthly, 18.74);
    }

    #[test]
    fn one_always_on_fargate_task_of_1_vcpu_and_2_gb() {
        let sheet = PriceBook::builtin().sheet("aws").unwrap().clone();
        let price = |r| sheet.get(r).unwrap().1.price;
        let month =
            730.0 * price(Role::ContainerVcpuHour) + 730.0 * 2.0 * price(Role::ContainerGbHour);
        assert_eq!(cents(month), 36.04);
    }

    #[test]
    fn scheduled_jobs_and_queued_work_are_billed_only_while_they_run() {
        let sheet = PriceBook::builtin().sheet("aws").unwrap().clone();
        let pricer = Pricer {
            sheet: &sheet,
            free_tier: false,
            commitment: Term::None,
        };
        let at = |trigger: &str| {
            load(&profile(&[
                "workload.average_rps=0.0001",
                "workload.avg_duration_ms=1800000",
                &format!("workload.trigger={trigger}"),
            ]))
            .0
        };
        let vcpu_hours = |l: &Load, pl| pricer.price(pl, l).unwrap().items[0].quantity;
        // 262.8 jobs a month x 1,800 s = 131.4 task-hours, at 0.25 vCPU each
        // (Fargate's size for 0.5 GB).
        for trigger in ["schedule", "queue"] {
            let hours = vcpu_hours(&at(trigger), Platform::ManagedContainers);
            assert!((hours - 131.4 * 0.25).abs() < 1e-6, "{trigger}: {hours}");
            // On instances too: 131.4 instance-hours, not an always-on group.
            let hours = vcpu_hours(&at(trigger), Platform::Instances);
            assert!((hours - 131.4).abs() < 1e-6, "{trigger}: {hours}");
        }
        // A stream consumer keeps two replicas of each of 5 services running.
        let stream = vcpu_hours(&at("stream"), Platform::ManagedContainers);
        assert_eq!(stream, 5.0 * 2.0 * 0.25 * 730.0);
    }

    #[test]
    fn latency_is_mesh_hops_at_p99_and_cold_starts_only_where_they_reach_the_p99() {
        let added = |platform, sets: &[&str]| {
            let p = profile(sets);
            latency(platform, &load(&p).0, &p, true).map(|l| (l.added_ms, l.percentile))
        };
        // Each hop of the call chain adds the measured 2.7 ms per hop at p99.
        let mesh = added(Platform::MeshSidecars, &["workload.call_depth=4"]);
        assert_eq!(mesh, Some((4.0 * MESH_HOP_P99_MS, "p99")));
        // Each data plane its own figure: ambient and Linkerd add less.
        let depth = ["workload.call_depth=4"];
        let ambient = added(Platform::MeshAmbient, &depth).unwrap().0;
        let linkerd = added(Platform::MeshLinkerd, &depth).unwrap().0;
        assert!(ambient < mesh.unwrap().0 && linkerd < mesh.unwrap().0);
        assert!((ambient - 4.0 * (1.35 + 0.2)).abs() < 1e-9);
        // Steady load of 50 req/s: cold starts stay under the p99.
        let steady = ["workload.traffic=steady", "workload.average_rps=50"];
        assert_eq!(added(Platform::Functions, &steady), Some((0.0, "p99")));
        // Spiky traffic, or under 1 req/s: a cold start reaches the p99.
        let spiky = ["workload.traffic=spiky", "workload.average_rps=50"];
        assert_eq!(added(Platform::Functions, &spiky), Some((300.0, "p99")));
        let trickle = ["workload.traffic=steady", "workload.average_rps=0.5"];
        assert_eq!(added(Platform::Functions, &trickle), Some((300.0, "p99")));
        // Cold starts by runtime: Java without SnapStart takes seconds.
        let java = [
            "workload.traffic=spiky",
            "workload.average_rps=50",
            "workload.runtime=java",
        ];
        assert_eq!(added(Platform::Functions, &java), Some((3000.0, "p99")));
        // Containers and VMs add nothing on the critical path.
        assert_eq!(added(Platform::Instances, &spiky), None);
    }

    #[test]
    fn hardware_you_own_is_priced_from_its_own_sheet_never_at_a_clouds_rates() {
        let catalog = Catalog::builtin();
        let costing = |sets: &[&str], catalog: &Catalog| {
            let p = profile(sets);
            let a = crate::analysis::engine::evaluate(&p, catalog);
            Costing::new(&p, catalog, &a.variant_ids(catalog), true)
        };
        let on_prem = ["system.hosting=on-premises", "system.cloud=aws"];
        let c = costing(&on_prem, &catalog);
        assert!(
            c.estimate.prices.starts_with("own-hardware"),
            "{}",
            c.estimate.prices
        );
        let book = &catalog.prices;
        let own = book.sheet(OWN_HARDWARE).unwrap();
        for sc in c.strategies.iter().flatten() {
            // Only the own-hardware sheet's roles: no EKS fee, ALB or EC2 rental.
            for i in &sc.items {
                assert!(
                    matches!(
                        i.role,
                        Role::Server | Role::PowerKwh | Role::SpaceKwMonth | Role::HardwareSupport
                    ),
                    "{:?} on hardware you own",
                    i.role
                );
            }
            // Every line is the sheet's own: servers amortised over their life.
            // (A mesh's share of them is its own line.)
            let server = sc.items.iter().find(|i| i.role == Role::Server).unwrap();
            let price = server.price(own);
            assert_eq!(server.unit_price, price.price);
            let amortised: f64 = sc
                .items
                .iter()
                .filter(|i| i.role == Role::Server)
                .map(|i| i.quantity)
                .sum();
            let servers = amortised * 12.0 * price.life_years.unwrap();
            assert!(
                (servers - servers.round()).abs() < 1e-9,
                "whole servers: {servers}"
            );
            let support = sc
                .items
                .iter()
                .find(|i| i.role == Role::HardwareSupport)
                .unwrap();
            assert!((support.quantity - servers.round() * price.price).abs() < 1e-6);
        }
        // A price from --prices changes the figure, and says where it came from.
        let cheap = Catalog {
            prices: book
                .clone()
                .with_override(
                    "quote.yaml",
                    "provider: own-hardware\nprices:\n  power-kwh: {price: 0.05}\n",
                )
                .unwrap(),
            ..catalog.clone()
        };
        let power = |c: &Costing| {
            c.strategies[0]
                .as_ref()
                .unwrap()
                .items
                .iter()
                .find(|i| i.role == Role::PowerKwh)
                .unwrap()
                .amount
        };
        assert!(power(&costing(&on_prem, &cheap)) < power(&c));
        // A provider-run platform has no figure on hardware you own, and says why.
        let sheet = own;
        let pricer = Pricer {
            sheet,
            free_tier: false,
            commitment: Term::None,
        };
        let (load, _) = load(&profile(&on_prem));
        let why = pricer
            .price(Platform::ManagedContainers, &load)
            .unwrap_err();
        assert!(why.contains("hardware you own"), "{why}");
    }

    #[test]
    fn a_quote_of_n_times_the_cheapest_is_the_ratio_of_the_dollars_quoted() {
        let quotes = |catalog: &Catalog, sets: &[&str]| -> Vec<String> {
            let a = crate::analysis::engine::evaluate(&profile(sets), catalog);
            a.ranking
                .iter()
                .flat_map(|s| &s.reasons)
                .filter(|r| catalog.rules[r.rule].id == "monthly-cost")
                .map(|r| r.message.clone())
                .collect()
        };
        let catalog = Catalog::builtin();
        let said = quotes(&catalog, &["workload.average_rps=2", "system.cloud=aws"]);
        assert!(!said.is_empty());
        for m in &said {
            // "$70.61 a month ..., 26.4x the cheapest (serverless, $2.67)"
            let dollars: Vec<f64> = m
                .split('$')
                .skip(1)
                .map(|d| {
                    let n: String = d
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                        .collect();
                    n.trim_end_matches('.').replace(',', "").parse().unwrap()
                })
                .collect();
            let times: f64 = m
                .split("x the cheapest")
                .next()
                .unwrap()
                .rsplit(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(
                format!("{times:.1}"),
                format!("{:.1}", dollars[0] / dollars[1]),
                "{m}"
            );
        }
        // With the free tier, the cheapest can cost nothing: "free", not "2877.2x".
        let free = Catalog {
            free_tier: true,
            ..catalog
        };
        let said = quotes(
            &free,
            &[
                "workload.average_rps=0.01",
                "workload.trigger=queue",
                "system.cloud=aws",
            ],
        );
        assert!(
            said.iter().any(|m| m.contains("(serverless, free)")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .all(|m| !m.contains("x the cheapest (serverless, free)")),
            "{said:?}"
        );
    }

    #[test]
    fn upkeep_grows_sub_linearly_and_a_running_platform_pays_only_its_margin() {
        let hours = |n: f64| labour(Platform::Instances, n, false, false).0;
        // Doubling the fleet adds less than doubling its patching.
        for n in [2.0, 10.0, 1000.0, 1_000_000.0] {
            assert!(hours(2.0 * n) < 2.0 * hours(n), "{n}: {}", hours(n));
        }
        assert!(hours(1_000_000.0) < 3000.0);
        // Kubernetes already running: no cluster upkeep, no control-plane fee.
        let catalog = Catalog::builtin();
        let p = profile(&[
            "system.platform=kubernetes",
            "workload.average_rps=5",
            "system.cloud=aws",
        ]);
        let a = crate::analysis::engine::evaluate(&p, &catalog);
        let c = Costing::new(&p, &catalog, &a.variant_ids(&catalog), true);
        let container = catalog
            .strategies
            .iter()
            .position(|s| s.id == "container")
            .unwrap();
        let k8s = c.strategies[container].as_ref().unwrap();
        assert_eq!(k8s.platform, Platform::Kubernetes);
        assert_eq!(k8s.labour_hours, 8.0, "{}", k8s.labour_source);
        assert!(
            k8s.items.iter().all(|i| i.kind != ItemKind::ControlPlane),
            "{:?}",
            k8s.items
        );
    }

    #[test]
    fn a_teams_own_hours_replace_the_estimates_and_every_figure_says_where_it_comes_from() {
        let catalog = Catalog::builtin();
        let costing =
            |sets: &[&str]| crate::analysis::engine::evaluate(&profile(sets), &catalog).costing;
        let id = |s: &str| catalog.strategy_ids().iter().position(|x| *x == s).unwrap();
        let base = [
            "workload.average_rps=40",
            "team.engineer_monthly_cost=16000",
        ];
        let plain = costing(&base);
        let mine = costing(
            &[
                &base[..],
                &["team.ops_hours_container=2", "team.ops_hours_serverless=0"],
            ]
            .concat(),
        );
        let c = mine.strategies[id("container")].as_ref().unwrap();
        assert_eq!(c.labour_hours, 2.0);
        assert_eq!(c.labour, Some(200.0));
        assert!(c.labour_source.contains("team.ops_hours_container"));
        assert_eq!(
            mine.strategies[id("serverless")]
                .as_ref()
                .unwrap()
                .labour_hours,
            0.0
        );
        // The others keep the estimate's figure, and the dollars are untouched.
        for s in ["multi-instance", "service-mesh"] {
            assert_eq!(mine.strategies[id(s)], plain.strategies[id(s)], "{s}");
        }
        assert_eq!(
            mine.strategies[id("container")].as_ref().unwrap().monthly,
            plain.strategies[id("container")].as_ref().unwrap().monthly
        );
        // Every figure the model gives is a heuristic with its reasoning, or
        // names its source.
        for platform in [
            Platform::Functions,
            Platform::FunctionsOnInstances,
            Platform::FunctionsPlan,
            Platform::ManagedContainers,
            Platform::ContainersOnDemand,
            Platform::Kubernetes,
            Platform::MeshSidecars,
            Platform::MeshAmbient,
            Platform::MeshLinkerd,
            Platform::Instances,
        ] {
            for (own, already) in [(false, false), (true, false), (false, true)] {
                let (hours, why) = labour(platform, 9.0, own, already);
                assert!(hours >= 0.0);
                assert!(
                    why.contains("heuristic") && why.contains(": ") && why.len() > 40,
                    "{platform:?}: {why}"
                );
            }
        }
    }

    #[test]
    fn every_amount_is_its_quantity_times_its_unit_price_to_the_cent() {
        let book = PriceBook::builtin();
        let p = profile(&["workload.average_rps=40", "system.services=12"]);
        let (load, _) = load(&p);
        for sheet in &book.sheets {
            let pricer = Pricer {
                sheet,
                free_tier: false,
                commitment: Term::None,
            };
            for platform in [
                Platform::Functions,
                Platform::FunctionsOnInstances,
                Platform::FunctionsPlan,
                Platform::ManagedContainers,
                Platform::ContainersOnDemand,
                Platform::Kubernetes,
                Platform::MeshSidecars,
                Platform::MeshAmbient,
                Platform::MeshLinkerd,
                Platform::Instances,
            ] {
                let c = match strategy_cost(
                    platform,
                    String::new(),
                    &load,
                    &pricer,
                    Some(16_000.0),
                    false,
                    false,
                ) {
                    Ok(c) => c,
                    // Hardware you own prices no managed service, and a
                    // cloud without the product prices none of it.
                    Err(why) => {
                        assert!(
                            why.contains("hardware you own") || why.contains("fills no"),
                            "{}: {why}",
                            sheet.provider
                        );
                        continue;
                    }
                };
                for i in &c.items {
                    assert_eq!(i.amount, cents(i.quantity * i.unit_price), "{i:?}");
                }
                assert_eq!(c.monthly, cents(c.items.iter().map(|i| i.amount).sum()));
                assert_eq!(c.labour, Some(cents(c.labour_hours * 100.0)));
            }
        }
    }
}

/// What a strategy's variant means to the bill. Built-in strategy and
/// variant ids; a custom catalog's other strategies are not priced.
pub(crate) fn platform(strategy: &str, variant: Option<&str>) -> Option<Platform> {
    Some(match (strategy, variant) {
        ("serverless", Some("knative")) => Platform::Kubernetes,
        ("serverless", Some("lambda-managed-instances")) => Platform::FunctionsOnInstances,
        ("serverless", Some("azure-functions-premium")) => Platform::FunctionsPlan,
        ("serverless", Some("cloud-run")) => Platform::ContainersOnDemand,
        ("serverless", _) => Platform::Functions,
        ("container", Some("managed-service")) => Platform::ManagedContainers,
        ("container", _) => Platform::Kubernetes,
        ("service-mesh", Some("istio-ambient")) => Platform::MeshAmbient,
        ("service-mesh", Some("linkerd")) => Platform::MeshLinkerd,
        ("service-mesh", _) => Platform::MeshSidecars,
        ("multi-instance", _) => Platform::Instances,
        _ => return None,
    })
}

/// The variant each strategy names for a profile: the first whose
/// condition holds.
pub(crate) fn variants(p: &Profile, catalog: &Catalog) -> Vec<Option<usize>> {
    catalog
        .strategies
        .iter()
        .map(|s| {
            s.variants
                .iter()
                .position(|v| v.when.as_ref().is_none_or(|c| c.eval(p) == Some(true)))
        })
        .collect()
}

/// The id of the variant each strategy names for a profile.
pub(crate) fn variant_ids<'c>(p: &Profile, catalog: &'c Catalog) -> Vec<Option<&'c str>> {
    variants(p, catalog)
        .iter()
        .zip(&catalog.strategies)
        .map(|(v, s)| v.map(|v| s.variants[v].id.as_str()))
        .collect()
}

/// Each strategy's platform for a profile, from the variant that fits it
/// (at a changed rate, the variant may differ from the profile's own).
fn platforms_for(p: &Profile, catalog: &Catalog) -> Vec<Option<Platform>> {
    platforms(catalog, &variant_ids(p, catalog))
}

/// Each catalog strategy's platform, from the variant that fits it.
fn platforms(catalog: &Catalog, variants: &[Option<&str>]) -> Vec<Option<Platform>> {
    catalog
        .strategies
        .iter()
        .zip(variants)
        .map(|(s, v)| platform(&s.id, *v))
        .collect()
}

/// The provider name of the sheet that prices hardware you own.
pub(crate) const OWN_HARDWARE: &str = "own-hardware";

/// Whether the system runs on hardware its organisation owns.
pub(crate) fn own_hardware(p: &Profile) -> bool {
    matches!(word!(p, SYSTEM_HOSTING), "on-premises" | "private-cloud")
}

/// The sheet that prices a profile: for hardware you own (on premises or a
/// private cloud) the own-hardware sheet, else the stated cloud's, else AWS's.
pub(crate) fn sheet_for<'a>(p: &Profile, book: &'a PriceBook) -> &'a Sheet {
    let own = book.sheet(OWN_HARDWARE).filter(|_| own_hardware(p));
    own.or_else(|| book.sheet(word!(p, SYSTEM_CLOUD)))
        .or_else(|| book.sheet("aws"))
        .or(book.sheets.first())
        .expect("a price book has a sheet")
}

/// Every strategy's cost and latency for a profile, by catalog index.
#[derive(Debug, Clone, PartialEq)]
pub struct Costing {
    pub estimate: Estimate,
    pub strategies: Vec<Option<StrategyCost>>,
    /// Why a strategy has no estimate, where the sheet cannot price its
    /// platform (no cost rule then moves it).
    pub omitted: Vec<Option<Unpriced>>,
    pub latency: Vec<Option<Latency>>,
    /// What each priced strategy would emit a month (`analysis::carbon`).
    pub carbon: Footprint,
}

impl Costing {
    /// `variants[s]`: the id of the variant that fits strategy `s`, if any.
    /// Without `words`, only the numbers (for analyses that re-score a
    /// profile many times): no platform names, notes or assumptions.
    pub(crate) fn new(
        p: &Profile,
        catalog: &Catalog,
        variants: &[Option<&str>],
        words: bool,
    ) -> Costing {
        let sheet = sheet_for(p, &catalog.prices);
        let estimate = Estimate::new(p, sheet, catalog.free_tier, words);
        let pricer = Pricer {
            sheet,
            free_tier: catalog.free_tier,
            commitment: commitment(p),
        };
        let own_hardware = own_hardware(p);
        let engineer = num!(p, TEAM_ENGINEER_MONTHLY_COST);
        let platforms = platforms(catalog, variants);
        let priced: Vec<Option<Result<StrategyCost, Unpriced>>> = platforms
            .iter()
            .zip(&catalog.strategies)
            .zip(variants)
            .map(|((pl, s), v)| {
                let name = match words {
                    false => String::new(),
                    true => v
                        .and_then(|v| s.variants.iter().find(|x| x.id == v))
                        .map_or_else(
                            || s.name.clone(),
                            |x| x.name(Some(&sheet.provider)).to_owned(),
                        ),
                };
                pl.map(|pl| {
                    let already = runs_already(p, pl);
                    let mut c = strategy_cost(
                        pl,
                        name,
                        &estimate.load,
                        &pricer,
                        engineer,
                        own_hardware,
                        already,
                    )?;
                    if let Some((hours, source)) = stated_hours(p, &s.id) {
                        c.labour_hours = hours;
                        c.labour_source = source;
                        c.labour = engineer.map(|e| cents(hours * e / ENGINEER_HOURS));
                    }
                    Ok(c)
                })
            })
            .collect();
        let omitted = priced
            .iter()
            .map(|c| c.as_ref()?.as_ref().err().cloned())
            .collect();
        let strategies: Vec<Option<StrategyCost>> = priced.into_iter().map(|c| c?.ok()).collect();
        // Emissions count all that runs: with free tiers subtracted from
        // the bill, its capacity is read from the bill without them.
        let whole: Vec<Option<Vec<Item>>> = match catalog.free_tier {
            false => Vec::new(),
            true => {
                // Commitments change rates, not what runs.
                let pricer = Pricer {
                    sheet,
                    free_tier: false,
                    commitment: Term::None,
                };
                platforms
                    .iter()
                    .zip(&strategies)
                    .map(|(pl, c)| {
                        c.as_ref()?;
                        Some(pricer.price((*pl)?, &estimate.load).ok()?.items)
                    })
                    .collect()
            }
        };
        let carbon = Footprint::new(
            sheet,
            strategies
                .iter()
                .enumerate()
                .map(|(s, c)| match catalog.free_tier {
                    true => whole[s].as_deref(),
                    false => c.as_ref().map(|c| c.items.as_slice()),
                }),
        );
        let latency = platforms
            .iter()
            .map(|pl| pl.and_then(|pl| latency(pl, &estimate.load, p, words)))
            .collect();
        Costing {
            estimate,
            strategies,
            omitted,
            latency,
            carbon,
        }
    }

    pub fn monthly(&self, s: StrategyId) -> Option<f64> {
        self.strategies.get(s.index())?.as_ref().map(|c| c.monthly)
    }
}

/// Where two strategies' monthly costs are equal as the average rate varies.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakEven {
    pub cheaper_below: StrategyId,
    pub cheaper_above: StrategyId,
    pub average_rps: f64,
}

/// Every rate where two strategies' costs cross, everything else as the
/// profile says: bracketed on a log scale from 0.001 to 100,000 requests a
/// second (up to a stated peak), then solved by bisection until the two
/// costs agree within a cent per dollar. A crossing at a whole-instance
/// step (where the costs jump past each other and are never equal) is not
/// a break-even and is not reported.
pub(crate) fn break_even(p: &Profile, catalog: &Catalog) -> Vec<BreakEven> {
    let peak = num!(p, WORKLOAD_PEAK_RPS);
    let factor = peak_factor(word!(p, WORKLOAD_TRAFFIC));
    let (base, _) = load(p);
    let sheet = sheet_for(p, &catalog.prices);
    let pricer = Pricer {
        sheet,
        free_tier: catalog.free_tier,
        commitment: commitment(p),
    };
    // Only the average moves (and the peak with it, unless stated), as
    // `--set workload.average_rps=R` would move them; so may the platform a
    // strategy names (Lambda Managed Instances from 10 requests a second).
    let load_at = |r: f64| Load {
        average_rps: r,
        peak_rps: peak.unwrap_or(r * factor),
        ..base.clone()
    };
    let platforms_at = |r: f64| {
        platforms_for(
            &p.with(fields::id::WORKLOAD_AVERAGE_RPS, FieldValue::Num(r)),
            catalog,
        )
    };
    let cost = |pl: Option<Platform>, at: &Load| {
        let priced = pricer.price(pl?, at).ok()?;
        Some(cents(priced.items.iter().map(|i| i.amount).sum()))
    };
    let costs_at = |r: f64| -> Vec<Option<f64>> {
        let at = load_at(r);
        platforms_at(r).iter().map(|&pl| cost(pl, &at)).collect()
    };
    // The bisection compares two strategies: price only those two.
    let pair_at = |r: f64, a: usize, b: usize| -> (Option<f64>, Option<f64>) {
        let (at, platforms) = (load_at(r), platforms_at(r));
        (cost(platforms[a], &at), cost(platforms[b], &at))
    };
    let top = peak.unwrap_or(100_000.0).min(100_000.0);
    let mut grid: Vec<f64> = (0..=80)
        .map(|k| 10f64.powf(-3.0 + k as f64 / 10.0))
        .filter(|&r| r <= top)
        .collect();
    if peak.is_some() {
        grid.push(top);
    }
    let samples: Vec<Vec<Option<f64>>> = grid.iter().map(|&r| costs_at(r)).collect();
    let n = catalog.strategies.len();
    let mut out = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let diff = |costs: &[Option<f64>]| Some(costs[a]? - costs[b]?);
            for w in 0..grid.len().saturating_sub(1) {
                let (Some(d0), Some(d1)) = (diff(&samples[w]), diff(&samples[w + 1])) else {
                    continue;
                };
                if d0 == 0.0 || d0.signum() == d1.signum() {
                    continue;
                }
                let (mut lo, mut hi) = (grid[w], grid[w + 1]);
                for _ in 0..50 {
                    let mid = (lo + hi) / 2.0;
                    let (ca, cb) = pair_at(mid, a, b);
                    match ca.zip(cb).map(|(ca, cb)| ca - cb) {
                        Some(d) if d.signum() == d0.signum() => lo = mid,
                        _ => hi = mid,
                    }
                }
                let r = (lo + hi) / 2.0;
                // The rate as reported must itself give equal costs: the
                // fewest significant digits that do, if any do.
                let equal_at = |x: f64| {
                    let (ca, cb) = pair_at(x, a, b);
                    let (ca, cb) = (ca.unwrap_or(0.0), cb.unwrap_or(0.0));
                    (ca - cb).abs() <= 0.01 * ca.max(cb).max(1.0)
                };
                if let Some(x) = (3..=12).map(|d| round_rate(r, d)).find(|&x| equal_at(x)) {
                    // Below the crossing, the one that was cheaper at the lower rate.
                    let (below, above) = if d0 < 0.0 { (a, b) } else { (b, a) };
                    out.push(BreakEven {
                        cheaper_below: StrategyId::new(below),
                        cheaper_above: StrategyId::new(above),
                        average_rps: x,
                    });
                }
            }
        }
    }
    out.sort_by(|x, y| {
        x.average_rps
            .total_cmp(&y.average_rps)
            .then(x.cheaper_below.cmp(&y.cheaper_below))
    });
    out
}

/// A rate to `digits` significant digits.
fn round_rate(r: f64, digits: i32) -> f64 {
    if r <= 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(digits - 1 - r.log10().floor() as i32);
    (r * scale).round() / scale
}
