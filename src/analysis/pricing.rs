//! The bill: each platform's line items for a load, from a price sheet, by
//! one capacity model (docs/cost.md, "How each strategy is priced"). Pure
//! arithmetic; `cost` reads a profile into a [`Load`] and calls [`Pricer`].
//!
//! The capacity model, the same for every platform:
//!
//! - **load**: the average rate, except on hardware you own, which is
//!   bought for the peak. Requests in flight = rate × duration (Little's
//!   law); vCPUs busy = rate × CPU time per request.
//! - **one target utilisation**, [`UTILISATION`], applied once, to CPU:
//!   capacity = busy vCPUs ÷ utilisation.
//! - **sizes the product sells**: a replica, task or pod has the service's
//!   memory and the smallest vCPU the product pairs with it; instances,
//!   nodes and servers are the listed size that holds the demand at the
//!   lowest cost, in whole units.
//! - **services keep warm replicas** ([`MIN_REPLICAS`] each; a group of
//!   [`MIN_INSTANCES`] instances each), except on a platform that scales to
//!   zero; **queued and scheduled work is billed by its run time**.
//! - **instance time with concurrency**: where a product bills an
//!   instance's time rather than each request's, an instance serving up to
//!   `c` requests at once is busy `max(L / c, 1 − e^(−L))` of the time for
//!   `L` requests in flight (the second term: the chance that any request
//!   is in flight, for Poisson arrivals). With `c = 1` that is per-request
//!   billing, as Lambda's. Where an instance's activity is billed in
//!   windows of at least a minimum (Flex Consumption: 1 s), sparse
//!   requests are billed that minimum each ([`billed_instances`]).

use crate::domain::fields;
use crate::domain::prices::{Price, Role, Sheet, Term};
use crate::text::money::grouped;

/// Target utilisation of always-on or autoscaled capacity: the Compute
/// Engine autoscaler's default CPU target (0.6).
pub(crate) const UTILISATION: f64 = 0.6;
/// Share of a request's time spent on a CPU when `workload.cpu_ms` is not
/// stated: a heuristic for I/O-bound web and API work (it waits on
/// databases and other services most of the time).
pub(crate) const CPU_SHARE: f64 = 0.1;
/// Replicas per service kept warm for availability: two, in two zones.
pub(crate) const MIN_REPLICAS: f64 = 2.0;
/// The least vCPU of a container or pod (Fargate's and Container Apps'
/// smallest size, 0.25 vCPU).
pub(crate) const MIN_REPLICA_VCPU: f64 = 0.25;
/// Memory per vCPU of a general-purpose machine (m5, D-series v5,
/// e2-standard: 4 GB per vCPU): a pod's CPU request is at least its
/// memory's share of a node.
pub(crate) const GB_PER_VCPU: f64 = 4.0;
/// Nodes of a production cluster (AKS baseline architecture: 3).
pub(crate) const MIN_NODES: f64 = 3.0;
/// Instances of each service's group, in two zones.
pub(crate) const MIN_INSTANCES: f64 = 2.0;
/// Instances Lambda Managed Instances keeps warm (3 by default, spread
/// across availability zones: the Lambda best-practices page).
pub(crate) const LMI_MIN_INSTANCES: f64 = 3.0;
/// Always-ready instances of an Azure Functions Premium plan: at least one.
pub(crate) const PLAN_MIN_INSTANCES: f64 = 1.0;
/// Control-plane machines of a self-run Kubernetes cluster (kubeadm's
/// highly available topology: three, each at least 2 vCPU and 2 GB).
pub(crate) const CONTROL_PLANE_MACHINES: f64 = 3.0;
/// The share of invocations that meet a cold start, at least: under 1% on
/// steady load (AWS Lambda operator guide; AWS Compute Blog).
pub(crate) const COLD_START_SHARE: f64 = 0.01;
/// The least a started instance or task is billed, in seconds: EC2 Linux
/// and Fargate bill per second with a one-minute minimum.
pub(crate) const MIN_RUN_S: f64 = 60.0;
/// New connections a second one load-balancer capacity unit serves (AWS
/// LCU): a connection per request, at worst.
pub(crate) const CONNECTIONS_PER_LCU: f64 = 25.0;

/// The kind of a line item (docs/cost.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Compute,
    Requests,
    ControlPlane,
    LoadBalancer,
    Gateway,
    Proxy,
    /// Owned hardware's power, space and support; a management fee.
    Other,
}

impl ItemKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            ItemKind::Compute => "compute",
            ItemKind::Requests => "requests",
            ItemKind::ControlPlane => "control-plane",
            ItemKind::LoadBalancer => "load-balancer",
            ItemKind::Gateway => "gateway",
            ItemKind::Proxy => "proxy",
            ItemKind::Other => "other",
        }
    }
}

/// One priced line: `amount = quantity × unit_price`, to the cent. Its
/// words (item, unit, source) are the sheet's entry for `role`
/// ([`Item::price`]); keeping none here makes re-pricing cheap.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    pub role: Role,
    /// Which of the role's entries (its sizes) the line bills.
    pub entry: usize,
    /// The volume tier, where the quantity reaches past the first (0: the
    /// first, at the entry's `price`).
    pub tier: Option<usize>,
    /// What part of the role's usage the line is, where not all of it.
    pub note: Option<&'static str>,
    pub quantity: f64,
    pub unit_price: f64,
    pub amount: f64,
    /// The commitment discount in `unit_price` (0: on demand).
    pub discount: f64,
}

impl Item {
    /// The sheet's entry this line bills.
    pub(crate) fn price<'s>(&self, sheet: &'s Sheet) -> &'s Price {
        sheet.entry(self.role, self.entry)
    }

    /// What the line is, in words.
    pub(crate) fn describe(&self, sheet: &Sheet) -> String {
        let plain = self.describe_on_demand(sheet);
        match self.discount > 0.0 {
            true => format!(
                "{plain}, {}% off for the commitment",
                fields::format_number((self.discount * 1000.0).round() / 10.0)
            ),
            false => plain,
        }
    }

    /// The page the line's price comes from, and the commitment's where
    /// one applies.
    pub(crate) fn source(&self, sheet: &Sheet) -> String {
        let price = self.price(sheet);
        match (&price.commitment, self.discount > 0.0) {
            (Some(c), true) => format!("{}; commitment: {}", price.source, c.source),
            _ => price.source.clone(),
        }
    }

    fn describe_on_demand(&self, sheet: &Sheet) -> String {
        let price = self.price(sheet);
        let item = &price.item;
        let tier = match self.tier {
            Some(0) => format!(" (first {} a month)", grouped(price.tiers[0].from)),
            Some(k) => format!(" (from {} a month)", grouped(price.tiers[k - 1].from)),
            None => String::new(),
        };
        match (self.kind, price.life_years) {
            (ItemKind::Proxy, _) => format!("{item}: the mesh's share"),
            _ if self.note.is_some() => format!("{item}{tier}: {}", self.note.unwrap_or_default()),
            (_, Some(years)) if self.role == Role::Server => format!(
                "{item}, amortised over {} years",
                fields::format_number(years)
            ),
            _ => format!("{item}{tier}"),
        }
    }
}

/// How a strategy is run, for pricing: what its variant means to the bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Functions billed per request and execution time (Lambda on demand,
    /// Flex Consumption, Cloud Run functions).
    Functions,
    /// Functions on instances of the customer's account (Lambda Managed
    /// Instances): instances, a management fee, requests.
    FunctionsOnInstances,
    /// Functions on a plan of always-ready instances (Azure Functions
    /// Premium).
    FunctionsPlan,
    /// A managed container service keeping warm replicas (ECS on Fargate,
    /// Container Apps, Cloud Run).
    ManagedContainers,
    /// The same service scaling to zero between requests (Cloud Run
    /// services or jobs as the serverless platform).
    ContainersOnDemand,
    Kubernetes,
    /// Kubernetes plus an Envoy sidecar per pod (Istio).
    MeshSidecars,
    /// Kubernetes plus a ztunnel per node and waypoints for L7 (Istio ambient).
    MeshAmbient,
    /// Kubernetes plus Linkerd's proxy per pod.
    MeshLinkerd,
    Instances,
}

impl Platform {
    /// A mesh on Kubernetes.
    pub(crate) fn is_mesh(self) -> bool {
        matches!(
            self,
            Platform::MeshSidecars | Platform::MeshAmbient | Platform::MeshLinkerd
        )
    }
}

/// What a workload asks of a platform, each figure stated or assumed.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub average_rps: f64,
    pub peak_rps: f64,
    /// Wall time of one request, event or job.
    pub duration_s: f64,
    /// CPU time of one request, event or job.
    pub cpu_s: f64,
    /// The memory of one instance of a service.
    pub memory_gb: f64,
    pub services: f64,
    pub http: bool,
    /// Queued or scheduled work: billed only while it runs, with no warm
    /// replicas waiting for it.
    pub run_time: bool,
    pub call_depth: f64,
    /// The work needs GPUs: one to each replica or process.
    pub gpu: bool,
    /// A function's cold start (its INIT phase), by runtime.
    pub cold_start_s: f64,
    /// The organisation already runs a Kubernetes cluster: its control
    /// plane is paid for, and this system's pods join it.
    pub cluster_exists: bool,
}

impl Load {
    /// Requests in flight at a rate (Little's law).
    pub(crate) fn in_flight(&self, rps: f64) -> f64 {
        rps * self.duration_s
    }

    /// Workers running, on average, for queued or scheduled work at a
    /// rate: each service's worker is started for work and billed at least
    /// [`MIN_RUN_S`] (it runs while any work arrived in the last minute),
    /// and there are as many as the work in flight.
    pub(crate) fn workers(&self, rps: f64) -> f64 {
        let per_service = rps / self.services;
        let alive = self.services * (1.0 - (-per_service * MIN_RUN_S).exp());
        alive.max(self.in_flight(rps))
    }

    /// The vCPUs one job or message keeps busy while it runs.
    pub(crate) fn job_vcpu(&self) -> f64 {
        self.cpu_s / self.duration_s.max(f64::MIN_POSITIVE)
    }

    /// vCPUs to provision for a rate at the target utilisation.
    pub(crate) fn vcpu_needed(&self, rps: f64) -> f64 {
        rps * self.cpu_s / UTILISATION
    }
}

/// Instances busy, on average, serving `in_flight` requests when each
/// instance takes up to `concurrency` at once (module documentation).
pub(crate) fn busy_instances(in_flight: f64, concurrency: f64) -> f64 {
    (in_flight / concurrency.max(1.0)).max(1.0 - (-in_flight).exp())
}

/// Instances billed, on average, where the product meters an instance's
/// activity in windows of at least `window_s` seconds (Flex Consumption:
/// 1 s, or the execution's duration rounded up to 100 ms). As the
/// Functions host meters it (azure-functions-host,
/// `FlexConsumptionMetricsPublisher`), a window opens when an execution
/// starts on an idle instance; executions that start and end within it add
/// nothing; one still running when it closes opens another. For Poisson
/// arrivals a run of windows lasts `w × e^(rps × t)` on average, `t` being
/// the part of a window where a new execution can start and outlast it
/// (`min(d, w − d)`), or as long as the executions overlap (`(e^L − 1) ÷
/// rps`) if longer; the instance then waits `1 ÷ rps` for the next. Busy
/// instances are billed as [`busy_instances`] bills them; sparse, short
/// executions, `w` each.
pub(crate) fn billed_instances(rps: f64, duration_s: f64, concurrency: f64, window_s: f64) -> f64 {
    let in_flight = rps * duration_s;
    if window_s <= 0.0 || rps <= 0.0 {
        return busy_instances(in_flight, concurrency);
    }
    let tail = duration_s.min((window_s - duration_s).max(0.0));
    let period = (window_s * (rps * tail).exp()).max(in_flight.exp_m1() / rps);
    (in_flight / concurrency.max(1.0)).max(rps * period / (1.0 + rps * period))
}

/// Rounds money to the cent.
pub(crate) fn cents(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Why a strategy has no estimate on this sheet: said in the report.
pub(crate) type Unpriced = String;

/// A platform priced: its line items, and how many machines (instances,
/// nodes, servers) it keeps running, which its upkeep grows with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Priced {
    pub items: Vec<Item>,
    pub machines: f64,
    /// A cluster's nodes, which workloads on one cluster share.
    pub pool: Option<Pool>,
}

/// What a cluster's nodes cost a month, and what the load needs of them:
/// workloads on one cluster pool their needs on shared nodes, not each its
/// own minimum of whole nodes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pool {
    /// The node lines' amounts (whole nodes, at least the minimum).
    pub cost: f64,
    /// The nodes the pods need, as a fraction of nodes, at `node` each.
    pub need: f64,
    /// One node a month.
    pub node: f64,
}

/// Pricing one strategy's platform for a load.
pub struct Pricer<'a> {
    pub sheet: &'a Sheet,
    pub free_tier: bool,
    /// The term committed to: each product's published discount for it
    /// applies to that product's lines.
    pub commitment: Term,
}

/// A replica's size: vCPU and GB.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Shape {
    vcpu: f64,
    gb: f64,
}

/// What a cluster's pods ask of its machines, and the mesh's part.
struct Demand {
    vcpu: f64,
    gb: f64,
    /// The largest pod, which one machine must hold.
    pod: Shape,
    /// How many pods of that shape there are: nodes hold whole pods.
    pods: f64,
    /// The proxies' part of `vcpu` and `gb`.
    proxy: Option<(f64, f64)>,
}

impl Pricer<'_> {
    fn hours(&self) -> f64 {
        self.sheet.hours_per_month
    }

    fn seconds(&self) -> f64 {
        self.sheet.hours_per_month * 3600.0
    }

    /// An entry's lines for a quantity, one per volume tier it reaches,
    /// less the free tier when asked.
    fn lines_of(&self, kind: ItemKind, role: Role, entry: usize, quantity: f64) -> Vec<Item> {
        let Some((id, price)) = self.sheet.all(role).get(entry) else {
            return Vec::new();
        };
        let free = if self.free_tier {
            self.sheet.free(id)
        } else {
            0.0
        };
        let tiers = price.tiered((quantity - free).max(0.0));
        let several = tiers.len() > 1;
        let discount = price.discount(self.commitment);
        tiers
            .into_iter()
            .map(|(tier, q, unit_price)| {
                let unit_price = unit_price * (1.0 - discount);
                Item {
                    kind,
                    role,
                    entry,
                    tier: several.then_some(tier),
                    note: None,
                    quantity: q,
                    unit_price,
                    amount: cents(q * unit_price),
                    discount,
                }
            })
            .collect()
    }

    /// A role's lines for a quantity (its first entry).
    fn line(&self, kind: ItemKind, role: Role, quantity: f64) -> Vec<Item> {
        self.lines_of(kind, role, 0, quantity)
    }

    /// A role the platform cannot be priced without.
    fn needs(&self, role: Role) -> Result<&Price, Unpriced> {
        self.sheet.get(role).map(|(_, p)| p).ok_or_else(|| {
            format!(
                "the {} price sheet fills no `{role}`, which this platform needs",
                self.sheet.provider
            )
        })
    }

    fn rate(&self, role: Role) -> f64 {
        self.sheet.get(role).map_or(0.0, |(_, p)| p.price)
    }

    /// A load balancer in front of always-on HTTP services: its hours and
    /// its capacity units.
    fn load_balancer(&self, load: &Load, items: &mut Vec<Item>) {
        if !load.http {
            return;
        }
        items.extend(self.line(ItemKind::LoadBalancer, Role::LbHour, self.hours()));
        items.extend(self.line(
            ItemKind::LoadBalancer,
            Role::LbCapacityHour,
            load.average_rps / CONNECTIONS_PER_LCU * self.hours(),
        ));
    }

    pub fn price(&self, platform: Platform, load: &Load) -> Result<Priced, Unpriced> {
        if load.gpu {
            return self.gpus(platform, load);
        }
        if self.sheet.get(Role::Server).is_some() {
            return self.own_hardware(platform, load);
        }
        match platform {
            Platform::Functions => self.functions(load),
            Platform::FunctionsOnInstances => self.functions_on_instances(load),
            Platform::FunctionsPlan => self.functions_plan(load),
            Platform::ManagedContainers => self.containers(load, MIN_REPLICAS),
            Platform::ContainersOnDemand => self.containers(load, 0.0),
            Platform::Kubernetes
            | Platform::MeshSidecars
            | Platform::MeshAmbient
            | Platform::MeshLinkerd => self.kubernetes(platform, load),
            Platform::Instances => self.instances(load),
        }
    }

    fn requests(&self, load: &Load) -> f64 {
        load.average_rps * self.seconds()
    }

    /// Functions billed per request and for the memory of the instances
    /// while they execute: per request where an instance takes one at a
    /// time (Lambda), per instance with concurrency where it takes several
    /// (Flex Consumption), in windows of at least the product's minimum.
    /// A front door per request for HTTP, where the sheet names one.
    fn functions(&self, load: &Load) -> Result<Priced, Unpriced> {
        let gb_second = self.needs(Role::FaasGbSecond)?;
        let requests = self.requests(load);
        // Where the product sells instance sizes, the smallest that holds
        // the function's memory is billed, not the memory itself.
        let gb = match gb_second.shapes.as_slice() {
            [] => load.memory_gb,
            shapes => {
                fit(shapes, load.memory_gb)
                    .ok_or_else(|| too_large(shapes, load.memory_gb))?
                    .gb
            }
        };
        let concurrency = gb_second.concurrency.unwrap_or(1.0);
        let window_s = gb_second.billed_window(load.duration_s);
        let instance_seconds = self.seconds()
            * billed_instances(load.average_rps, load.duration_s, concurrency, window_s);
        let mut items = self.line(ItemKind::Requests, Role::FaasRequest, requests);
        // The INIT phase of cold starts, where the product bills it (Lambda,
        // since 1 August 2025): at least the share of invocations AWS gives
        // for steady load. Billed as duration, in the same tiers and free
        // tier, so priced together and split by share.
        let init = match gb_second.init_billed {
            true => requests * COLD_START_SHARE * load.cold_start_s * gb,
            false => 0.0,
        };
        let run = instance_seconds * gb;
        let run_share = if run + init > 0.0 {
            run / (run + init)
        } else {
            1.0
        };
        for line in self.line(ItemKind::Compute, Role::FaasGbSecond, run + init) {
            let (mut running, mut starting) = (line.clone(), line);
            running.quantity *= run_share;
            running.amount = cents(running.quantity * running.unit_price);
            items.push(running);
            if init > 0.0 {
                starting.quantity *= 1.0 - run_share;
                starting.amount = cents(starting.quantity * starting.unit_price);
                starting.note = Some("the INIT phase of cold starts, 1% of invocations");
                items.push(starting);
            }
        }
        // Where CPU is billed apart (Cloud Run functions), the vCPU the
        // product pairs with the memory (its `shapes`), else one per 2 GB.
        let vcpu = self
            .sheet
            .get(Role::FaasVcpuSecond)
            .and_then(|(_, p)| fit(&p.shapes, gb))
            .map_or((gb / 2.0).clamp(0.083, 8.0), |s| s.vcpu);
        items.extend(self.line(
            ItemKind::Compute,
            Role::FaasVcpuSecond,
            instance_seconds * vcpu,
        ));
        if load.http {
            items.extend(self.line(ItemKind::Gateway, Role::GatewayRequest, requests));
        }
        Ok(Priced {
            items,
            machines: 0.0,
            ..Priced::default()
        })
    }

    /// Lambda Managed Instances: instances sized for the load (at least
    /// [`LMI_MIN_INSTANCES`], each service's environments on each), the
    /// management fee on their price, and each request.
    fn functions_on_instances(&self, load: &Load) -> Result<Priced, Unpriced> {
        self.needs(Role::FaasInstanceHour)?;
        let vcpu = load.vcpu_needed(load.average_rps);
        // An execution environment of each function in each of three zones.
        let gb = load.services * LMI_MIN_INSTANCES * load.memory_gb;
        let (entry, n, _) = self
            .cheapest(Role::FaasInstanceHour, |p| {
                let n = LMI_MIN_INSTANCES
                    .max((vcpu / p.vcpu?).ceil())
                    .max((gb / p.memory_gb?).ceil());
                (load.memory_gb <= p.memory_gb?).then_some((n, n * p.price))
            })
            .ok_or_else(|| {
                format!(
                    "no listed instance holds a function of {}",
                    gb_text(load.memory_gb)
                )
            })?;
        let instances = self.lines_of(
            ItemKind::Compute,
            Role::FaasInstanceHour,
            entry,
            n * self.hours(),
        );
        // The fee is a share of the instances' on-demand price: a Savings
        // Plan lowers the instances' price, not the fee (Lambda pricing page).
        let ec2: f64 = instances
            .iter()
            .map(|i| i.quantity * i.unit_price / (1.0 - i.discount))
            .sum();
        let mut items = instances;
        items.extend(self.line(ItemKind::Other, Role::FaasInstanceFee, ec2));
        items.extend(self.line(ItemKind::Requests, Role::FaasRequest, self.requests(load)));
        if load.http {
            items.extend(self.line(ItemKind::Gateway, Role::GatewayRequest, self.requests(load)));
        }
        Ok(Priced {
            items,
            machines: n,
            ..Priced::default()
        })
    }

    /// A plan of always-ready instances (Azure Functions Premium): the
    /// size that holds every function's memory, as many as the load needs,
    /// at least [`PLAN_MIN_INSTANCES`]. Executions are not billed apart,
    /// and HTTP reaches the plan without a gateway.
    fn functions_plan(&self, load: &Load) -> Result<Priced, Unpriced> {
        self.needs(Role::FaasPlanHour)?;
        let vcpu = load.vcpu_needed(load.average_rps);
        let gb = load.services * load.memory_gb;
        let (entry, n, _) = self
            .cheapest(Role::FaasPlanHour, |p| {
                let n = PLAN_MIN_INSTANCES
                    .max((vcpu / p.vcpu?).ceil())
                    .max((gb / p.memory_gb?).ceil());
                (load.memory_gb <= p.memory_gb?).then_some((n, n * p.price))
            })
            .ok_or_else(|| format!("no plan size holds {}", gb_text(load.memory_gb)))?;
        let items = self.lines_of(
            ItemKind::Compute,
            Role::FaasPlanHour,
            entry,
            n * self.hours(),
        );
        Ok(Priced {
            items,
            machines: n,
            ..Priced::default()
        })
    }

    /// A managed container service. Services keep `warm` replicas each of
    /// the smallest size the product sells for their memory, more where the
    /// load needs them; queued and scheduled work runs as tasks only while
    /// it runs. Where the product bills replicas by activity (a
    /// `concurrency` on its price), a replica is billed the active rate
    /// while it serves requests and the idle rate (where there is one)
    /// while it waits warm; else every replica-hour at the one rate.
    fn containers(&self, load: &Load, warm: f64) -> Result<Priced, Unpriced> {
        let vcpu_price = self.needs(Role::ContainerVcpuHour)?;
        let shape = replica_shape(&vcpu_price.shapes, load)?;
        let in_flight = load.in_flight(load.average_rps);
        let cpu_replicas = load.vcpu_needed(load.average_rps) / shape.vcpu;
        // Replicas busy serving: by concurrency where the product bills
        // activity, and at least what the CPU work keeps busy.
        let serving = match vcpu_price.concurrency {
            Some(c) => load.services * busy_instances(in_flight / load.services, c),
            None => 0.0,
        }
        .max(load.average_rps * load.cpu_s / shape.vcpu);
        // Replicas running, on average, and the active share of them.
        let (running, active) = match (load.run_time, warm > 0.0) {
            // Tasks started for the work, while it runs.
            (true, _) => {
                // (The task's size holds the job's CPU.)
                let r = load.workers(load.average_rps);
                (r, r)
            }
            (false, true) => {
                let r = (load.services * warm)
                    .max(load.services * (cpu_replicas / load.services).ceil())
                    .max(serving);
                (r, serving.min(r))
            }
            (false, false) => {
                let r = cpu_replicas.max(serving);
                (r, r)
            }
        };
        let hours = self.hours();
        let bill = |vcpu_role, gb_role, replicas: f64| {
            let mut items = self.line(ItemKind::Compute, vcpu_role, replicas * shape.vcpu * hours);
            items.extend(self.line(ItemKind::Compute, gb_role, replicas * shape.gb * hours));
            items
        };
        // Instance-based billing, where the product offers it: every second
        // a replica runs, one rate, no request fee (Cloud Run; its jobs).
        let instance_based = self.sheet.get(Role::ContainerInstanceVcpuHour).map(|_| {
            bill(
                Role::ContainerInstanceVcpuHour,
                Role::ContainerInstanceGbHour,
                running,
            )
        });
        // Request-based: the active rate while serving, the idle rate (where
        // there is one; else the same) while waiting warm, and each request.
        let request_based = || {
            let idle_price = self.sheet.get(Role::ContainerIdleVcpuHour).map(|(_, p)| p);
            // Scaled above its minimum, a service may bill every replica active.
            let above_minimum = running > load.services * warm + 1e-9;
            let (active, idle) = match idle_price {
                Some(p) if !(p.idle_at_minimum_only && above_minimum) => (active, running - active),
                _ => (running, 0.0),
            };
            let mut items = bill(Role::ContainerVcpuHour, Role::ContainerGbHour, active);
            if idle > 0.0 {
                items.extend(bill(
                    Role::ContainerIdleVcpuHour,
                    Role::ContainerIdleGbHour,
                    idle,
                ));
            }
            if !load.run_time {
                items.extend(self.line(
                    ItemKind::Requests,
                    Role::ContainerRequest,
                    self.requests(load),
                ));
            }
            items
        };
        let total = |items: &[Item]| items.iter().map(|i| i.amount).sum::<f64>();
        let mut items = match (instance_based, load.run_time, warm > 0.0) {
            // Jobs, and warm services, on whichever billing costs less.
            (Some(i), true, _) => i,
            (Some(i), false, true) => {
                let r = request_based();
                if total(&i) < total(&r) { i } else { r }
            }
            // Scaling to zero: instances live only while they serve.
            _ => request_based(),
        };
        if !vcpu_price.ingress_included && !load.run_time {
            self.load_balancer(load, &mut items);
        }
        Ok(Priced {
            items,
            machines: 0.0,
            ..Priced::default()
        })
    }

    /// A cluster's pods (each service's replicas, at least [`MIN_REPLICAS`],
    /// of the service's memory and its share of a node's CPU), their
    /// proxies and the mesh's control plane, at `rps`.
    fn cluster_demand(platform: Platform, load: &Load, rps: f64) -> Demand {
        let mut pod = replica_shape(&[], load).expect("a pod fits any memory");
        let needed = load.vcpu_needed(rps);
        let replicas = match load.run_time {
            // Jobs' pods exist while they run; the cluster is there anyway.
            true => load.workers(rps),
            false => load.services * MIN_REPLICAS.max((needed / load.services / pod.vcpu).ceil()),
        };
        // Proxies on every hop of each request.
        let hop_krps = rps * load.call_depth / 1000.0;
        let proxy = match platform {
            // Istio 1.24: 100m CPU and 128 MiB requested per pod, plus 0.20
            // vCPU and 60 MB per 1,000 rps.
            Platform::MeshSidecars => Some((
                replicas * 0.1 + hop_krps * 0.2,
                replicas * 0.128 + hop_krps * 0.06,
            )),
            // Istio 1.24 ambient: ztunnels at 0.06 vCPU and 12 MB per 1,000
            // rps; a waypoint for L7 (two replicas of 100m and 128 MiB) at
            // 0.25 vCPU and 60 MB per 1,000 rps.
            Platform::MeshAmbient => Some((
                hop_krps * (0.06 + 0.25) + 2.0 * 0.1,
                hop_krps * (0.012 + 0.06) + 2.0 * 0.128,
            )),
            // Linkerd's Rust proxy (Buoyant's 2021 benchmark, a vendor's):
            // at most 26 MB a proxy against Envoy's 156 MB, and an order of
            // magnitude less CPU: 0.02 vCPU per 1,000 rps.
            Platform::MeshLinkerd => Some((hop_krps * 0.02, replicas * 0.026)),
            _ => None,
        };
        let (mut vcpu, mut gb) = (replicas * pod.vcpu, replicas * pod.gb);
        if let Some((pv, pg)) = proxy {
            // The control plane: istiod about 1 vCPU and 1.5 GB per 1,000
            // services, at least half a vCPU and 1 GB (Linkerd's is smaller:
            // priced the same).
            vcpu += pv + (load.services / 1000.0).max(0.5);
            gb += pg + (load.services / 1000.0 * 1.5).max(1.0);
            // Each pod carries its own proxy: Istio's sidecar requests;
            // Linkerd's, its share of the proxies' CPU and its memory.
            match platform {
                Platform::MeshSidecars => {
                    pod.vcpu += 0.1;
                    pod.gb += 0.128;
                }
                Platform::MeshLinkerd => {
                    pod.vcpu += pv / replicas.max(1.0);
                    pod.gb += 0.026;
                }
                _ => {}
            }
        }
        Demand {
            vcpu,
            gb,
            pod,
            pods: replicas,
            proxy,
        }
    }

    /// Kubernetes: whole nodes of the listed size that holds the pods at
    /// the lowest cost (at least [`MIN_NODES`]), or the pods' requests
    /// themselves where the product bills them (GKE Autopilot); the control
    /// plane; a load balancer for HTTP.
    fn kubernetes(&self, platform: Platform, load: &Load) -> Result<Priced, Unpriced> {
        let demand = Self::cluster_demand(platform, load, load.average_rps);
        let mut items = Vec::new();
        let mut machines = 0.0;
        let mut pool = None;
        if self.sheet.get(Role::PodVcpuHour).is_some() {
            let vcpu = self.line(
                ItemKind::Compute,
                Role::PodVcpuHour,
                demand.vcpu * self.hours(),
            );
            let gb = self.line(ItemKind::Compute, Role::PodGbHour, demand.gb * self.hours());
            for line in vcpu.into_iter().chain(gb) {
                Self::with_proxy_share(line, &demand, &mut items);
            }
        } else {
            self.needs(Role::NodeHour)?;
            let (entry, nodes, _) = self
                .cheapest(Role::NodeHour, |p| {
                    let (nv, ng) = (p.vcpu?, p.memory_gb?);
                    // Whole pods on each node (a scheduler does not split
                    // one), and room for the rest (control plane, proxies).
                    let per_node = (nv / demand.pod.vcpu).min(ng / demand.pod.gb);
                    let n = MIN_NODES
                        .max((demand.vcpu / nv).ceil())
                        .max((demand.gb / ng).ceil())
                        .max((demand.pods / (per_node + 1e-9).floor().max(1.0)).ceil());
                    (demand.pod.vcpu <= nv && demand.pod.gb <= ng).then_some((n, n * p.price))
                })
                .ok_or_else(|| {
                    format!("no listed node holds a pod of {}", gb_text(demand.pod.gb))
                })?;
            machines = nodes;
            let lines = self.lines_of(
                ItemKind::Compute,
                Role::NodeHour,
                entry,
                nodes * self.hours(),
            );
            let price = self.sheet.entry(Role::NodeHour, entry);
            let node = self.hours() * price.price * (1.0 - price.discount(self.commitment));
            pool = Some(Pool {
                cost: lines.iter().map(|l| l.amount).sum(),
                need: (demand.vcpu / price.vcpu.unwrap_or(1.0))
                    .max(demand.gb / price.memory_gb.unwrap_or(1.0)),
                node,
            });
            for line in lines {
                Self::with_proxy_share(line, &demand, &mut items);
            }
        }
        if !load.cluster_exists {
            items.extend(self.line(ItemKind::ControlPlane, Role::ClusterHour, self.hours()));
        }
        if !load.run_time {
            self.load_balancer(load, &mut items);
        }
        Ok(Priced {
            items,
            machines,
            pool,
        })
    }

    /// Instances: a group per service, at least [`MIN_INSTANCES`] each, of
    /// the listed size that holds the service's process at the lowest cost
    /// (a burstable size's CPU above its baseline billed as surplus credits
    /// where the product bills them, with more instances where they cost
    /// less than the credits they save; else not sold past it); queued and
    /// scheduled work on instances started for it, billed while it runs.
    fn instances(&self, load: &Load) -> Result<Priced, Unpriced> {
        self.needs(Role::VmHour)?;
        let busy = load.average_rps * load.cpu_s;
        let per_service = load.vcpu_needed(load.average_rps) / load.services;
        let credit = self
            .sheet
            .get(Role::CpuCreditVcpuHour)
            .map(|(_, p)| p.price);
        let hours = self.hours();
        // An instance-hour as billed: after the commitment's discount.
        let unit = |p: &Price| p.price * (1.0 - p.discount(self.commitment));
        // Each candidate's instances and their surplus CPU (vCPU-hours).
        let fleet = |p: &Price| -> Option<(f64, f64)> {
            let (v, g) = (p.vcpu?, p.memory_gb?);
            // The process fits; a job's CPU fits while it runs.
            if load.memory_gb > g || (load.run_time && load.job_vcpu() > v + 1e-9) {
                return None;
            }
            let n = match load.run_time {
                true => load.workers(load.average_rps),
                false => load.services * MIN_INSTANCES.max((per_service / v).ceil()),
            };
            // CPU above a burstable size's baseline, in vCPU-hours.
            let Some(b) = p.baseline else {
                return Some((n, 0.0));
            };
            let surplus = |n: f64| (busy - b * v * n).max(0.0) * hours;
            if surplus(n) == 0.0 {
                return Some((n, 0.0));
            }
            let credit = credit?;
            // Each instance added takes some surplus off, until the
            // baseline holds the load: the cheapest count from here (the
            // fewest, or the last with surplus, or the first without), so
            // that a higher rate never costs less.
            let cost = |n: f64| n * unit(p) * hours + surplus(n) * credit;
            let mut best = n;
            if !load.run_time {
                let k = busy / (b * v * load.services);
                for more in [k.floor(), k.ceil()].map(|k| k * load.services) {
                    if more > best && cost(more) < cost(best) {
                        best = more;
                    }
                }
            }
            Some((best, surplus(best)))
        };
        let (entry, n, _) = self
            .cheapest(Role::VmHour, |p| {
                let (n, surplus) = fleet(p)?;
                Some((n, n * unit(p) * hours + surplus * credit.unwrap_or(0.0)))
            })
            .ok_or_else(|| {
                format!(
                    "no listed instance holds a process of {}",
                    gb_text(load.memory_gb)
                )
            })?;
        let (_, surplus) = fleet(&self.sheet.all(Role::VmHour)[entry].1).expect("it fitted");
        let mut items = self.lines_of(ItemKind::Compute, Role::VmHour, entry, n * hours);
        if surplus > 0.0 {
            items.extend(self.line(ItemKind::Compute, Role::CpuCreditVcpuHour, surplus));
        }
        if !load.run_time {
            self.load_balancer(load, &mut items);
        }
        Ok(Priced {
            items,
            machines: n,
            ..Priced::default()
        })
    }

    /// Work that needs GPUs, on machines with them: each replica or process
    /// one GPU, a group of at least two per service (or pods on a GPU node
    /// pool, with the control plane), of the listed GPU size that holds the
    /// process at the lowest cost. Functions have none (Lambda, Lambda
    /// Managed Instances, Flex Consumption and Premium run no GPUs); a
    /// managed container service runs GPU replicas only where the sheet
    /// lists the instances it runs them on (ECS on EC2; Cloud Run's and
    /// Container Apps' serverless GPUs are not yet on the sheets).
    fn gpus(&self, platform: Platform, load: &Load) -> Result<Priced, Unpriced> {
        let role = match platform {
            Platform::Functions | Platform::FunctionsOnInstances | Platform::FunctionsPlan => {
                return Err("functions here run no GPUs".into());
            }
            _ if self.sheet.get(Role::Server).is_some() => Role::Server,
            Platform::ManagedContainers | Platform::ContainersOnDemand => {
                Role::ContainerGpuInstanceHour
            }
            _ => Role::GpuInstanceHour,
        };
        let hours = self.hours();
        let vcpu = load.vcpu_needed(load.average_rps) / load.services;
        let (entry, n, _) = self
            .cheapest(role, |p| {
                let (v, g, gpus) = (p.vcpu?, p.memory_gb?, p.gpus.filter(|&x| x > 0.0)?);
                let per_gpu = (v / gpus, g / gpus);
                if load.memory_gb > per_gpu.1 {
                    return None;
                }
                let replicas = load.services * MIN_REPLICAS.max((vcpu / per_gpu.0).ceil());
                let machines = (replicas / gpus).ceil();
                let month = match p.life_years {
                    Some(years) => p.price / (years * 12.0),
                    None => p.price * hours,
                };
                Some((machines, machines * month))
            })
            .ok_or_else(|| {
                format!(
                    "no machine the {} sheet lists for it has GPUs and holds {} a replica",
                    self.sheet.provider,
                    gb_text(load.memory_gb)
                )
            })?;
        let price = &self.sheet.all(role)[entry].1;
        let mut items = match price.life_years {
            Some(years) => {
                let kw = n * price.watts.unwrap_or(0.0) / 1000.0;
                let mut items = self.lines_of(ItemKind::Compute, role, entry, n / (years * 12.0));
                items.extend(self.line(ItemKind::Other, Role::PowerKwh, kw * hours));
                items.extend(self.line(ItemKind::Other, Role::SpaceKwMonth, kw));
                items.extend(self.line(ItemKind::Other, Role::HardwareSupport, n * price.price));
                items
            }
            None => self.lines_of(ItemKind::Compute, role, entry, n * hours),
        };
        let cluster = platform == Platform::Kubernetes || platform.is_mesh();
        if cluster && !load.cluster_exists {
            items.extend(self.line(ItemKind::ControlPlane, Role::ClusterHour, hours));
        }
        if !load.run_time && self.sheet.get(Role::Server).is_none() {
            self.load_balancer(load, &mut items);
        }
        Ok(Priced {
            items,
            machines: n,
            ..Priced::default()
        })
    }

    /// The entry of a sized role with the lowest monthly cost, by `fit`
    /// (`(count, cost)` where the size fits, else `None`); ties go to the
    /// smaller size (listed first).
    fn cheapest(
        &self,
        role: Role,
        fit: impl Fn(&Price) -> Option<(f64, f64)>,
    ) -> Option<(usize, f64, f64)> {
        self.sheet
            .all(role)
            .iter()
            .enumerate()
            .filter_map(|(i, (_, p))| fit(p).map(|(n, cost)| (i, n, cost)))
            .min_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)))
    }

    /// The machines' line, with the mesh's share of it split out as its own.
    fn with_proxy_share(line: Item, demand: &Demand, items: &mut Vec<Item>) {
        let Some((pv, pg)) = demand.proxy else {
            items.push(line);
            return;
        };
        let share = (pv / demand.vcpu).max(pg / demand.gb).min(1.0);
        let mut compute = line.clone();
        let mut proxies = line;
        proxies.kind = ItemKind::Proxy;
        proxies.quantity = compute.quantity * share;
        proxies.amount = cents(proxies.quantity * proxies.unit_price);
        compute.quantity -= proxies.quantity;
        compute.amount = cents(compute.quantity * compute.unit_price);
        items.push(compute);
        items.push(proxies);
    }

    /// Hardware you own, bought for the peak (it does not scale with the
    /// load): servers amortised over their life, their power with the
    /// facility's cooling, data-centre space and a support contract. The
    /// control plane, load balancing and a functions layer run on them.
    fn own_hardware(&self, platform: Platform, load: &Load) -> Result<Priced, Unpriced> {
        let (vcpu, gb, min, demand) = match platform {
            Platform::Kubernetes
            | Platform::MeshSidecars
            | Platform::MeshAmbient
            | Platform::MeshLinkerd => {
                let d = Self::cluster_demand(platform, load, load.peak_rps);
                // A self-run control plane: three machines of 2 vCPU and 2 GB
                // (paid for already where a cluster runs).
                let cp = match load.cluster_exists {
                    true => 0.0,
                    false => CONTROL_PLANE_MACHINES * 2.0,
                };
                (d.vcpu + cp, d.gb + cp, MIN_NODES, Some(d))
            }
            Platform::Instances => (
                load.vcpu_needed(load.peak_rps),
                load.services * MIN_INSTANCES * load.memory_gb,
                MIN_INSTANCES,
                None,
            ),
            _ => {
                return Err(
                    "hardware you own runs no provider's managed service: its functions or containers run on your own cluster".into(),
                );
            }
        };
        let months = |p: &Price| p.life_years.unwrap_or(1.0) * 12.0;
        let fleet = |p: &Price| -> Option<(f64, f64)> {
            let n = min
                .max((vcpu / p.vcpu?).ceil())
                .max((gb / p.memory_gb?).ceil());
            Some((n, n * p.watts.unwrap_or(0.0) / 1000.0))
        };
        let (entry, n, _) = self
            .cheapest(Role::Server, |p| {
                let (n, kw) = fleet(p)?;
                let cost = n * p.price / months(p)
                    + kw * self.hours() * self.rate(Role::PowerKwh)
                    + kw * self.rate(Role::SpaceKwMonth)
                    + n * p.price * self.rate(Role::HardwareSupport);
                Some((n, cost))
            })
            .ok_or_else(|| "no listed server says its size".to_string())?;
        let server = &self.sheet.all(Role::Server)[entry].1;
        let (_, kw) = fleet(server).expect("it fitted");
        let mut items = Vec::new();
        for line in self.lines_of(ItemKind::Compute, Role::Server, entry, n / months(server)) {
            match &demand {
                Some(d) => Self::with_proxy_share(line, d, &mut items),
                None => items.push(line),
            }
        }
        items.extend(self.line(ItemKind::Other, Role::PowerKwh, kw * self.hours()));
        items.extend(self.line(ItemKind::Other, Role::SpaceKwMonth, kw));
        items.extend(self.line(ItemKind::Other, Role::HardwareSupport, n * server.price));
        Ok(Priced {
            items,
            machines: n,
            ..Priced::default()
        })
    }
}

/// A pod's size where no product sizes it: the service's memory, and its
/// memory's share of a general-purpose node's CPU (at least
/// [`MIN_REPLICA_VCPU`]), in quarter vCPUs.
fn pod_shape(gb: f64) -> Shape {
    let vcpu = ((gb / GB_PER_VCPU).max(MIN_REPLICA_VCPU) * 4.0).ceil() / 4.0;
    Shape { vcpu, gb }
}

/// A replica's size for a load: for a service, the product's smallest for
/// its memory (more replicas carry more load); for a job or message, also
/// at least the vCPU the work keeps busy while it runs (a job runs on its
/// task flat out, so a CPU-bound job gets a task of whole vCPUs).
fn replica_shape(shapes: &[[f64; 3]], load: &Load) -> Result<Shape, Unpriced> {
    let vcpu = match load.run_time {
        true => load.job_vcpu(),
        false => 0.0,
    };
    match shapes {
        [] => {
            let pod = pod_shape(load.memory_gb);
            Ok(Shape {
                vcpu: pod.vcpu.max((vcpu * 4.0).ceil() / 4.0),
                ..pod
            })
        }
        shapes => fit_with(shapes, load.memory_gb, vcpu)
            .or_else(|| fit(shapes, load.memory_gb))
            .ok_or_else(|| too_large(shapes, load.memory_gb)),
    }
}

/// The smallest size a product sells for `gb` of memory: the least vCPU
/// whose memory range reaches it, with the memory rounded up to half a GB
/// within the range.
fn fit(shapes: &[[f64; 3]], gb: f64) -> Option<Shape> {
    fit_with(shapes, gb, 0.0)
}

/// The smallest size sold with at least `vcpu` that holds `gb`.
fn fit_with(shapes: &[[f64; 3]], gb: f64, vcpu: f64) -> Option<Shape> {
    shapes
        .iter()
        .filter(|[v, _, most]| *most >= gb && *v >= vcpu - 1e-9)
        .min_by(|a, b| a[0].total_cmp(&b[0]))
        .map(|&[vcpu, least, most]| Shape {
            vcpu,
            gb: ((gb * 2.0).ceil() / 2.0).clamp(least, most),
        })
}

fn too_large(shapes: &[[f64; 3]], gb: f64) -> Unpriced {
    let most = shapes.iter().map(|s| s[2]).fold(0.0, f64::max);
    format!(
        "a replica of {} is larger than the largest size sold ({})",
        gb_text(gb),
        gb_text(most)
    )
}

fn gb_text(gb: f64) -> String {
    format!("{} GB", fields::format_number((gb * 100.0).round() / 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_with_concurrency_is_billed_for_its_busy_time_not_each_request() {
        // One request at a time: per request, as Lambda bills.
        assert!((busy_instances(0.3, 1.0) - 0.3).abs() < 1e-12);
        // Rare requests barely overlap: still about their total time.
        assert!((busy_instances(0.01, 16.0) - 0.00995).abs() < 1e-4);
        // Many in flight: an instance per `concurrency` of them.
        assert_eq!(busy_instances(160.0, 16.0), 10.0);
        // Never below what one request at a time would need per instance.
        assert!(busy_instances(2.0, 16.0) > 0.86);
    }

    /// The Functions host's meter (azure-functions-host,
    /// `FlexConsumptionMetricsPublisher.MeterCurrentActiveInterval`) on one
    /// instance, over Poisson arrivals (a fixed seed): the share of the time
    /// billed. Each stretch of activity is metered from its start, or from
    /// where the last metered window ends if later, for at least 1 s,
    /// rounded up to 100 ms; a stretch within a metered window adds nothing.
    fn host_meter(rps: f64, duration_s: f64) -> f64 {
        let mut seed: u64 = 17;
        let mut uniform = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        let seconds = 200_000.0 / rps;
        let (mut t, mut billed, mut watermark) = (0.0, 0.0, f64::MIN);
        let mut stretch: Option<(f64, f64)> = None;
        while t < seconds {
            t -= uniform().ln() / rps;
            stretch = match stretch {
                Some((start, end)) if t <= end => Some((start, end.max(t + duration_s))),
                Some((start, end)) => {
                    let from = start.max(watermark);
                    if end > from {
                        let metered = ((end - from).max(1.0) * 10.0 - 1e-9).ceil() / 10.0;
                        billed += metered;
                        watermark = from + metered;
                    }
                    Some((t, t + duration_s))
                }
                None => Some((t, t + duration_s)),
            };
        }
        if let Some((start, end)) = stretch {
            billed += (end.min(seconds) - start.max(watermark)).max(0.0);
        }
        billed / seconds
    }

    #[test]
    fn a_least_billed_window_follows_the_functions_hosts_meter() {
        // No minimum: the instance's busy time, as before.
        assert_eq!(
            billed_instances(40.0, 0.25, 16.0, 0.0),
            busy_instances(10.0, 16.0)
        );
        // 0.1 req/s of 100 ms, each window 1 s: a window (e^0.01 of one on
        // average: 1 in 100 outlasts it and opens another), then 10 s on
        // average to the next execution, about 1/11 of the time, where the
        // time executing is 1 - e^-0.01, under 1%.
        let period = 0.01f64.exp();
        let sparse = billed_instances(0.1, 0.1, 16.0, 1.0);
        assert!((sparse - 0.1 * period / (1.0 + 0.1 * period)).abs() < 1e-12);
        assert!((sparse - 1.0 / 11.0).abs() < 1e-3, "{sparse}");
        assert!(busy_instances(0.01, 16.0) < 0.01);
        // Within 10% of the host's own meter, from sparse to busy, for
        // executions shorter and longer than the window (on one instance
        // that takes them all, as the meter above).
        for duration_s in [0.05f64, 0.1, 0.3, 0.5, 0.8, 1.05, 2.0] {
            for rps in [0.03, 0.3, 1.0, 3.0, 10.0] {
                let window = (duration_s * 10.0 - 1e-9).ceil() / 10.0;
                let model = billed_instances(rps, duration_s, f64::INFINITY, window.max(1.0));
                let meter = host_meter(rps, duration_s);
                assert!(
                    (model / meter - 1.0).abs() < 0.1,
                    "{rps} req/s of {duration_s} s: {model} against the meter's {meter}"
                );
            }
        }
        // Busy instances are billed as they run: 160 in flight, 10
        // instances, as before.
        assert_eq!(billed_instances(1600.0, 0.1, 16.0, 1.0), 10.0);
    }

    #[test]
    fn sizes_are_the_smallest_the_product_sells_for_the_memory() {
        let fargate = [
            [0.25, 0.5, 2.0],
            [0.5, 1.0, 4.0],
            [1.0, 2.0, 8.0],
            [2.0, 4.0, 16.0],
        ];
        // 16 GB needs 2 vCPU on Fargate, not 0.25.
        assert_eq!(
            fit(&fargate, 16.0),
            Some(Shape {
                vcpu: 2.0,
                gb: 16.0
            })
        );
        // 0.3 GB is sold as 0.5 GB at 0.25 vCPU.
        assert_eq!(
            fit(&fargate, 0.3),
            Some(Shape {
                vcpu: 0.25,
                gb: 0.5
            })
        );
        assert_eq!(fit(&fargate, 20.0), None);
        // A pod asks its memory's share of a 4-GB-per-vCPU node.
        assert_eq!(
            pod_shape(16.0),
            Shape {
                vcpu: 4.0,
                gb: 16.0
            }
        );
        assert_eq!(
            pod_shape(0.5),
            Shape {
                vcpu: 0.25,
                gb: 0.5
            }
        );
    }

    fn load(rps: f64) -> Load {
        Load {
            average_rps: rps,
            peak_rps: rps * 1.5,
            duration_s: 0.1,
            cpu_s: 0.01,
            memory_gb: 0.5,
            services: 5.0,
            http: true,
            run_time: false,
            call_depth: 2.0,
            gpu: false,
            cold_start_s: 0.3,
            cluster_exists: false,
        }
    }

    fn priced(provider: &str, platform: Platform, load: &Load) -> Priced {
        let book = crate::domain::prices::PriceBook::builtin();
        let sheet = book.sheet(provider).unwrap();
        Pricer {
            sheet,
            free_tier: false,
            commitment: Term::None,
        }
        .price(platform, load)
        .unwrap()
    }

    /// The roles billed, each once (a tiered role has a line per tier).
    fn roles(p: &Priced) -> Vec<Role> {
        let mut roles: Vec<Role> = p.items.iter().map(|i| i.role).collect();
        roles.dedup();
        roles
    }

    #[test]
    fn lambda_managed_instances_bill_instances_a_fee_and_requests_not_gb_seconds() {
        let p = priced("aws", Platform::FunctionsOnInstances, &load(200.0));
        assert_eq!(
            roles(&p),
            [
                Role::FaasInstanceHour,
                Role::FaasInstanceFee,
                Role::FaasRequest,
                Role::GatewayRequest
            ]
        );
        // At least three instances kept warm, whole.
        assert!(p.machines >= LMI_MIN_INSTANCES && p.machines.fract() == 0.0);
        // The fee is 15% of the instances' price.
        let ec2 = p.items[0].amount;
        assert!((p.items[1].amount - 0.15 * ec2).abs() <= 0.01, "{p:?}");
    }

    #[test]
    fn a_commitment_discounts_each_product_by_its_own_published_rate() {
        let book = crate::domain::prices::PriceBook::builtin();
        let at = |provider: &str, platform: Platform, commitment: Term| {
            Pricer {
                sheet: book.sheet(provider).unwrap(),
                free_tier: false,
                commitment,
            }
            .price(platform, &load(200.0))
            .unwrap()
        };
        let amount = |p: &Priced, role: Role| -> f64 {
            p.items
                .iter()
                .filter(|i| i.role == role)
                .map(|i| i.amount)
                .sum()
        };
        // None changes nothing: the same lines as on demand, no discount.
        for platform in [
            Platform::Functions,
            Platform::Kubernetes,
            Platform::Instances,
        ] {
            let none = at("aws", platform, Term::None);
            assert!(none.items.iter().all(|i| i.discount == 0.0), "{platform:?}");
        }
        // AWS, three years: EC2 nodes 66% off, Fargate 52%, Lambda's
        // duration 17%; the EKS fee, requests and the load balancer are not
        // discounted.
        let (od, sp) = (
            at("aws", Platform::Kubernetes, Term::None),
            at("aws", Platform::Kubernetes, Term::ThreeYear),
        );
        let ratio = amount(&sp, Role::NodeHour) / amount(&od, Role::NodeHour);
        assert!((ratio - 0.34).abs() < 0.001, "{ratio}");
        assert_eq!(
            amount(&sp, Role::ClusterHour),
            amount(&od, Role::ClusterHour)
        );
        assert_eq!(amount(&sp, Role::LbHour), amount(&od, Role::LbHour));
        let (od, sp) = (
            at("aws", Platform::ManagedContainers, Term::None),
            at("aws", Platform::ManagedContainers, Term::ThreeYear),
        );
        let ratio = amount(&sp, Role::ContainerVcpuHour) / amount(&od, Role::ContainerVcpuHour);
        assert!((ratio - 0.48).abs() < 0.001, "{ratio}");
        let (od, sp) = (
            at("aws", Platform::Functions, Term::None),
            at("aws", Platform::Functions, Term::OneYear),
        );
        let ratio = amount(&sp, Role::FaasGbSecond) / amount(&od, Role::FaasGbSecond);
        assert!((ratio - 0.88).abs() < 0.001, "{ratio}");
        assert_eq!(
            amount(&sp, Role::FaasRequest),
            amount(&od, Role::FaasRequest)
        );
        // Lambda Managed Instances: the instances are discounted, the
        // management fee stays 15% of their on-demand price.
        let (od, sp) = (
            at("aws", Platform::FunctionsOnInstances, Term::None),
            at("aws", Platform::FunctionsOnInstances, Term::OneYear),
        );
        let ratio = amount(&sp, Role::FaasInstanceHour) / amount(&od, Role::FaasInstanceHour);
        assert!((ratio - 0.70).abs() < 0.001, "{ratio}");
        assert_eq!(
            amount(&sp, Role::FaasInstanceFee),
            amount(&od, Role::FaasInstanceFee)
        );
        // GCP: Cloud Run request-based 17% for either term; GKE nodes the
        // flexible CUD's 28% and 46%.
        let (od, cud) = (
            at("gcp", Platform::ContainersOnDemand, Term::None),
            at("gcp", Platform::ContainersOnDemand, Term::ThreeYear),
        );
        let ratio = amount(&cud, Role::ContainerVcpuHour) / amount(&od, Role::ContainerVcpuHour);
        assert!((ratio - 0.83).abs() < 0.001, "{ratio}");
        let (od, cud) = (
            at("gcp", Platform::Kubernetes, Term::None),
            at("gcp", Platform::Kubernetes, Term::OneYear),
        );
        let ratio = amount(&cud, Role::NodeHour) / amount(&od, Role::NodeHour);
        assert!((ratio - 0.72).abs() < 0.001, "{ratio}");
        // Every line still adds up: amount = quantity x unit price.
        for i in &cud.items {
            assert!((i.amount - cents(i.quantity * i.unit_price)).abs() < 1e-9);
        }
    }

    #[test]
    fn a_front_door_is_billed_in_its_volume_tiers() {
        // 200 req/s is 525.6 million requests a month: 300 million at
        // $1.00 per million, the rest at $0.90.
        let p = priced("aws", Platform::Functions, &load(200.0));
        let gateway: Vec<&Item> = p
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Gateway)
            .collect();
        assert_eq!(gateway.len(), 2, "{gateway:?}");
        assert_eq!(gateway[0].quantity, 300_000_000.0);
        assert_eq!(gateway[0].amount, 300.0);
        assert!((gateway[1].quantity - 225_600_000.0).abs() < 1.0);
        assert_eq!(gateway[1].amount, 203.04);
    }

    #[test]
    fn platforms_that_include_a_front_door_pay_no_load_balancer() {
        for provider in ["azure", "gcp"] {
            let p = priced(provider, Platform::ManagedContainers, &load(40.0));
            assert!(
                p.items.iter().all(|i| i.kind != ItemKind::LoadBalancer),
                "{provider}: {p:?}"
            );
        }
        let fargate = priced("aws", Platform::ManagedContainers, &load(40.0));
        assert!(
            fargate
                .items
                .iter()
                .any(|i| i.kind == ItemKind::LoadBalancer)
        );
    }

    #[test]
    fn container_apps_bill_warm_replicas_at_the_idle_rate_and_each_request() {
        let p = priced("azure", Platform::ManagedContainers, &load(1.0));
        assert_eq!(
            roles(&p),
            [
                Role::ContainerVcpuHour,
                Role::ContainerGbHour,
                Role::ContainerIdleVcpuHour,
                Role::ContainerIdleGbHour,
                Role::ContainerRequest
            ]
        );
        // Ten replicas of 0.25 vCPU, warm all month: active and idle add up.
        let vcpu_hours = p.items[0].quantity + p.items[2].quantity;
        assert!((vcpu_hours - 10.0 * 0.25 * 730.0).abs() < 1e-6);
        // At 1 req/s of 100 ms they are mostly idle.
        assert!(p.items[2].quantity > 20.0 * p.items[0].quantity);
    }

    #[test]
    fn nodes_and_instances_are_whole_and_sized_for_the_process() {
        let mut big = load(40.0);
        big.memory_gb = 16.0;
        let k8s = priced("aws", Platform::Kubernetes, &big);
        assert_eq!(k8s.machines.fract(), 0.0);
        // A 16 GB pod needs a node of at least 16 GB: not an m5.large.
        assert!(
            k8s.items[0]
                .price(book().sheet("aws").unwrap())
                .memory_gb
                .unwrap()
                >= 16.0
        );
        let vms = priced("aws", Platform::Instances, &big);
        assert_eq!(vms.machines, 10.0, "two per service: {vms:?}");
        let sheet = book();
        let size = vms.items[0].price(sheet.sheet("aws").unwrap());
        assert!(size.memory_gb.unwrap() >= 16.0, "{size:?}");
    }

    /// A hand-priced check (2026-12) found the nodes counted from the pods'
    /// total memory: 36 pods of 1 GB and a 26 MB proxy each fit 5 nodes of
    /// 8 GB by the total, but only 7 whole pods fit one, so 6 are needed.
    #[test]
    fn nodes_hold_whole_pods() {
        let mut l = load(300.0);
        l.services = 18.0;
        l.memory_gb = 1.0;
        let mesh = priced("gcp", Platform::MeshLinkerd, &l);
        let prices = book();
        let node = mesh.items[0].price(prices.sheet("gcp").unwrap());
        let per_node = (node.memory_gb.unwrap() / (1.0 + 0.026)).floor();
        assert!(mesh.machines * per_node >= 36.0, "{mesh:?}");
        assert_eq!(mesh.machines.fract(), 0.0);
    }

    #[test]
    fn a_burstable_instance_above_its_baseline_pays_surplus_credits_or_is_not_used() {
        // One service keeping 1.2 vCPUs busy: a t3 pair at 30% each, over
        // its 20% baseline, or a larger size without credits.
        let mut busy = load(120.0);
        busy.services = 1.0;
        let aws = priced("aws", Platform::Instances, &busy);
        let credits = aws.items.iter().find(|i| i.role == Role::CpuCreditVcpuHour);
        let sheet = book();
        let size = aws.items[0].price(sheet.sheet("aws").unwrap());
        assert!(credits.is_some() || size.baseline.is_none(), "{aws:?}");
        // Azure throttles at the baseline: a B-series is not chosen past it.
        let azure = priced("azure", Platform::Instances, &busy);
        let size = azure.items[0].price(sheet.sheet("azure").unwrap());
        assert!(
            size.baseline
                .is_none_or(|b| 1.2 / (azure.machines * size.vcpu.unwrap()) <= b)
        );
    }

    #[test]
    fn more_load_never_costs_burstable_instances_less() {
        // Four services on AWS with three years committed: a t3 instance
        // then costs less than the surplus credits its baseline saves, so
        // the group grows past the fewest instances; priced at the fewest,
        // the bill fell from 539.86 to 528.13 as the rate rose from 1,893
        // to 1,964 requests a second (proptest, 2026-12-06).
        let book = book();
        let pricer = Pricer {
            sheet: book.sheet("aws").unwrap(),
            free_tier: false,
            commitment: Term::ThreeYear,
        };
        let mut last = 0.0;
        for step in 0..400 {
            let mut at = load(1_500.0 + 2.5 * f64::from(step));
            at.services = 4.0;
            let bill: f64 = pricer
                .price(Platform::Instances, &at)
                .unwrap()
                .items
                .iter()
                .map(|i| i.amount)
                .sum();
            assert!(bill + 0.01 >= last, "{bill} after {last} at step {step}");
            last = bill;
        }
    }

    #[test]
    fn gpu_work_is_priced_on_gpu_machines_or_says_why_it_cannot_be() {
        let mut gpu = load(20.0);
        gpu.gpu = true;
        gpu.memory_gb = 24.0;
        let book = book();
        let pricer = |provider: &str| Pricer {
            sheet: book.sheet(provider).unwrap(),
            free_tier: false,
            commitment: Term::None,
        };
        // Instances: a GPU each, two per service, of a size holding 24 GB.
        let vms = pricer("aws").price(Platform::Instances, &gpu).unwrap();
        let size = vms.items[0].price(book.sheet("aws").unwrap());
        assert!(
            size.gpus == Some(1.0) && size.memory_gb.unwrap() >= 24.0,
            "{size:?}"
        );
        assert_eq!(vms.machines, 10.0);
        // Not 40 t3.medium, nor Lambda at 24 GB.
        assert!(vms.items.iter().all(|i| i.role != Role::VmHour));
        let why = pricer("aws").price(Platform::Functions, &gpu).unwrap_err();
        assert!(why.contains("no GPUs"), "{why}");
        // ECS runs GPU tasks on EC2 GPU instances; Cloud Run's serverless
        // GPU rates are not on the sheet: no estimate rather than a stand-in.
        assert!(
            pricer("aws")
                .price(Platform::ManagedContainers, &gpu)
                .is_ok()
        );
        assert!(
            pricer("gcp")
                .price(Platform::ContainersOnDemand, &gpu)
                .is_err()
        );
        // Hardware you own lists no GPU server.
        assert!(
            pricer("own-hardware")
                .price(Platform::Instances, &gpu)
                .is_err()
        );
    }

    fn book() -> crate::domain::prices::PriceBook {
        crate::domain::prices::PriceBook::builtin()
    }
}
