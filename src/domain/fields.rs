//! The profile's fields, described once.
//!
//! Every place that needs to know what a profile may contain reads this table:
//! profile validation, `--set`, rule conditions (which fields exist and which
//! operators fit them), sensitivity (which values to try), and `advise schema`.
//! Adding a field here makes it valid everywhere at once; nothing else lists
//! fields by hand.

use std::fmt;

/// What a field holds, and so which values are valid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// One word out of a fixed list, spelled exactly.
    Enum(&'static [&'static str]),
    /// A whole number within an inclusive range.
    Int {
        min: i64,
        max: i64,
    },
    /// A number, at least `min` (or above it when `exclusive`), at most
    /// `max`.
    Number {
        min: f64,
        exclusive: bool,
        max: f64,
    },
    Bool,
    /// A list of free-form tags.
    Tags,
}

impl Kind {
    pub(crate) fn is_numeric(self) -> bool {
        matches!(self, Kind::Int { .. } | Kind::Number { .. })
    }

    /// Whether the number `x` is a valid value of this numeric kind (a
    /// kind that is not numeric admits no number).
    pub(crate) fn admits(self, x: f64) -> bool {
        match self {
            Kind::Int { min, max } => x.fract() == 0.0 && x >= min as f64 && x <= max as f64,
            Kind::Number {
                min,
                exclusive,
                max,
            } => x.is_finite() && x <= max && if exclusive { x > min } else { x >= min },
            _ => false,
        }
    }

    /// What a valid value looks like, for error messages.
    pub(crate) fn expectation(self) -> String {
        match self {
            Kind::Enum(values) => format!("one of: {}", values.join(", ")),
            Kind::Int { min, max } => format!("a whole number from {min} to {max}"),
            Kind::Number {
                min,
                exclusive: true,
                max,
            } => format!("a number > {min} and at most {}", format_number(max)),
            Kind::Number {
                min,
                exclusive: false,
                max,
            } => format!(
                "a number from {} to {}",
                format_number(min),
                format_number(max)
            ),
            Kind::Bool => "true or false".into(),
            Kind::Tags => "a list of tags, such as [pci-dss, hipaa]".into(),
        }
    }
}

/// The value of one field in a validated profile.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Enum(&'static str),
    Num(f64),
    Bool(bool),
    Tags(Vec<String>),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Enum(word) => f.write_str(word),
            FieldValue::Num(x) => f.write_str(&format_number(*x)),
            FieldValue::Bool(b) => write!(f, "{b}"),
            FieldValue::Tags(tags) => write!(f, "[{}]", tags.join(", ")),
        }
    }
}

/// Numbers as a person writes them: no trailing `.0`, and a form that reads
/// back to the same value (so a printed `--set` value can be pasted back).
pub(crate) fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.is_finite() && (x.abs() >= 1e15 || x.abs() < 1e-6) {
        // `1.7e308`, not 309 digits.
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A field's default when the profile does not state it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fallback {
    /// No default: the value is unknown, and conditions on it are unknown.
    Unknown,
    Enum(&'static str),
    Num(f64),
    Bool(bool),
    NoTags,
}

impl Fallback {
    pub(crate) fn value(self) -> Option<FieldValue> {
        match self {
            Fallback::Unknown => None,
            Fallback::Enum(word) => Some(FieldValue::Enum(word)),
            Fallback::Num(x) => Some(FieldValue::Num(x)),
            Fallback::Bool(b) => Some(FieldValue::Bool(b)),
            Fallback::NoTags => Some(FieldValue::Tags(Vec::new())),
        }
    }
}

#[derive(Debug)]
pub struct Field {
    /// Dotted path, as written in profiles, rules and `--set`.
    pub path: &'static str,
    pub kind: Kind,
    pub default: Fallback,
    pub doc: &'static str,
}

impl Field {
    /// The section (`system`, `workload`, ...) and the key within it.
    pub fn section_and_key(&self) -> (&'static str, &'static str) {
        self.path.split_once('.').unwrap_or(("", self.path))
    }

    /// Priorities weigh criteria; every other field describes the system.
    pub(crate) fn is_priority(&self) -> bool {
        self.path.starts_with("priorities.")
    }

    /// A team's own figure that replaces one of the estimate's (its
    /// operations hours): left out, the estimate's figure applies, which
    /// the cost report labels, so it is neither assumed nor unknown.
    pub(crate) fn is_team_figure(&self) -> bool {
        self.path.starts_with("team.ops_hours_")
    }
}

pub use crate::domain::ids::FieldId;

const LEVEL: &[&str] = &["none", "low", "medium", "high"];
const PRIORITY: Kind = Kind::Int { min: 0, max: 5 };

// Every number has a range, enforced at load and shown in docs/profile.md
// and the JSON schema. The upper bounds are heuristics, far beyond any real
// system yet small enough that every figure computed from them (requests a
// month times prices, instances times hours) stays finite: `peak_rps:
// 1.7e308` once priced to `$inf` and `$NaN`. The lower bounds of times are
// a microsecond, not "above 0": `latency_slo_ms: 5e-324` divided to
// infinity.

/// A count of services: at most 100,000 (the largest published estates
/// are a few thousand).
const SERVICES: Kind = Kind::Int {
    min: 1,
    max: 100_000,
};
/// A count of engineers: at most 100,000.
const ENGINEERS: Kind = Kind::Int {
    min: 1,
    max: 100_000,
};
/// Services on one request's path: at most 1,000.
const DEPTH: Kind = Kind::Int { min: 1, max: 1_000 };
/// Requests a second: at most 100 million, beyond the busiest services.
const RATE: Kind = Kind::Number {
    min: 0.0,
    exclusive: false,
    max: 1e8,
};
/// Milliseconds: from a microsecond to a day.
const MILLISECONDS: Kind = Kind::Number {
    min: 0.001,
    exclusive: false,
    max: 86_400_000.0,
};
/// Seconds of one job: from a millisecond to 30 days.
const SECONDS: Kind = Kind::Number {
    min: 0.001,
    exclusive: false,
    max: 2_592_000.0,
};
/// Megabytes of one instance: from 1 MB to 32 TiB (the largest
/// high-memory machines hold 24 TiB).
const MEGABYTES: Kind = Kind::Number {
    min: 1.0,
    exclusive: false,
    max: 33_554_432.0,
};
/// The most tags a tag field may list, and the longest tag, in characters:
/// compliance regimes are a handful of short words. 80,000 tags (780 KB)
/// were copied with the profile on each of its few hundred what-if
/// re-scorings, and 32 placeholders over them reached 1.2 GB.
pub const MAX_TAGS: usize = 100;
pub const MAX_TAG_CHARS: usize = 100;

/// A month's cost of one engineer: above 0, at most 10 million.
const MONTHLY_COST: Kind = Kind::Number {
    min: 0.0,
    exclusive: true,
    max: 1e7,
};

/// The sections of a profile that hold fields, in the order of profile.md.
pub const SECTIONS: &[&str] = &[
    "system",
    "team",
    "workload",
    "requirements",
    "constraints",
    "priorities",
];

/// Each field's id, by name: code that means one field names it here, so
/// that a typo is a compile error rather than a lookup that finds nothing.
/// Each is looked up in the table when the crate compiles. Public, and
/// complete: a name for every field, whether or not the code names it yet.
pub mod id {
    use super::{FieldId, index_of};

    pub const SYSTEM_SERVICES: FieldId = index_of("system.services");
    pub const SYSTEM_HOSTING: FieldId = index_of("system.hosting");
    pub const SYSTEM_PLATFORM: FieldId = index_of("system.platform");
    pub const SYSTEM_CLOUD: FieldId = index_of("system.cloud");
    pub const TEAM_ENGINEERS: FieldId = index_of("team.engineers");
    pub const TEAM_OPS_MATURITY: FieldId = index_of("team.ops_maturity");
    pub const TEAM_CONTAINER_SKILLS: FieldId = index_of("team.container_skills");
    pub const TEAM_ENGINEER_MONTHLY_COST: FieldId = index_of("team.engineer_monthly_cost");
    pub const TEAM_OPS_HOURS_MULTI_INSTANCE: FieldId = index_of("team.ops_hours_multi_instance");
    pub const TEAM_OPS_HOURS_CONTAINER: FieldId = index_of("team.ops_hours_container");
    pub const TEAM_OPS_HOURS_SERVERLESS: FieldId = index_of("team.ops_hours_serverless");
    pub const TEAM_OPS_HOURS_SERVICE_MESH: FieldId = index_of("team.ops_hours_service_mesh");
    pub const WORKLOAD_TRAFFIC: FieldId = index_of("workload.traffic");
    pub const WORKLOAD_TRIGGER: FieldId = index_of("workload.trigger");
    pub const WORKLOAD_PEAK_RPS: FieldId = index_of("workload.peak_rps");
    pub const WORKLOAD_AVERAGE_RPS: FieldId = index_of("workload.average_rps");
    pub const WORKLOAD_AVG_DURATION_MS: FieldId = index_of("workload.avg_duration_ms");
    pub const WORKLOAD_MAX_DURATION_S: FieldId = index_of("workload.max_duration_s");
    pub const WORKLOAD_CALL_DEPTH: FieldId = index_of("workload.call_depth");
    pub const WORKLOAD_MEMORY_MB: FieldId = index_of("workload.memory_mb");
    pub const WORKLOAD_STATE: FieldId = index_of("workload.state");
    pub const WORKLOAD_LATENCY_SLO_MS: FieldId = index_of("workload.latency_slo_ms");
    pub const WORKLOAD_GPU: FieldId = index_of("workload.gpu");
    pub const WORKLOAD_CPU_MS: FieldId = index_of("workload.cpu_ms");
    pub const WORKLOAD_RUNTIME: FieldId = index_of("workload.runtime");
    pub const WORKLOAD_ISOLATION: FieldId = index_of("workload.isolation");
    pub const WORKLOAD_CONNECTIONS: FieldId = index_of("workload.connections");
    pub const REQUIREMENTS_MTLS: FieldId = index_of("requirements.mtls");
    pub const REQUIREMENTS_OBSERVABILITY: FieldId = index_of("requirements.observability");
    pub const REQUIREMENTS_TRAFFIC_CONTROL: FieldId = index_of("requirements.traffic_control");
    pub const REQUIREMENTS_PORTABILITY: FieldId = index_of("requirements.portability");
    pub const REQUIREMENTS_COMPLIANCE: FieldId = index_of("requirements.compliance");
    pub const CONSTRAINTS_BUDGET: FieldId = index_of("constraints.budget");
    pub const CONSTRAINTS_TIME_TO_MARKET: FieldId = index_of("constraints.time_to_market");
    pub const CONSTRAINTS_STANDARD: FieldId = index_of("constraints.standard");
    pub const CONSTRAINTS_COMMITMENT: FieldId = index_of("constraints.commitment");
    pub const CONSTRAINTS_PREPAID_CAPACITY: FieldId = index_of("constraints.prepaid_capacity");
    pub const PRIORITIES_COST: FieldId = index_of("priorities.cost");
    pub const PRIORITIES_OPERABILITY: FieldId = index_of("priorities.operability");
    pub const PRIORITIES_SCALABILITY: FieldId = index_of("priorities.scalability");
    pub const PRIORITIES_RESILIENCE: FieldId = index_of("priorities.resilience");
    pub const PRIORITIES_SECURITY: FieldId = index_of("priorities.security");
    pub const PRIORITIES_PORTABILITY: FieldId = index_of("priorities.portability");
    pub const PRIORITIES_PERFORMANCE: FieldId = index_of("priorities.performance");
    pub const PRIORITIES_DELIVERY_SPEED: FieldId = index_of("priorities.delivery_speed");
    pub const PRIORITIES_CARBON: FieldId = index_of("priorities.carbon");
}

/// Every field of profile format version 1, in the order of profile.md.
pub static FIELDS: &[Field] = TABLE;

const TABLE: &[Field] = &[
    Field {
        path: "system.services",
        kind: SERVICES,
        default: Fallback::Num(5.0),
        doc: "independently deployed services",
    },
    Field {
        path: "system.hosting",
        kind: Kind::Enum(&["public-cloud", "private-cloud", "on-premises", "hybrid"]),
        default: Fallback::Enum("public-cloud"),
        doc: "where the system runs",
    },
    Field {
        path: "system.platform",
        kind: Kind::Enum(&["none", "vms", "kubernetes", "serverless"]),
        default: Fallback::Enum("none"),
        doc: "what the organisation already runs and knows",
    },
    Field {
        path: "system.cloud",
        kind: Kind::Enum(&["aws", "azure", "gcp", "other"]),
        default: Fallback::Unknown,
        doc: "the cloud provider; absent: any provider, so a provider's limit applies only if every provider has it",
    },
    Field {
        path: "team.engineers",
        kind: ENGINEERS,
        default: Fallback::Num(8.0),
        doc: "people who build AND run the system",
    },
    Field {
        path: "team.ops_maturity",
        kind: Kind::Enum(LEVEL),
        default: Fallback::Enum("medium"),
        doc: "on-call, infrastructure as code, monitoring, incident practice",
    },
    Field {
        path: "team.container_skills",
        kind: Kind::Enum(LEVEL),
        default: Fallback::Enum("low"),
        doc: "Docker and orchestrator (Kubernetes, ECS, Nomad) experience",
    },
    Field {
        path: "team.engineer_monthly_cost",
        kind: MONTHLY_COST,
        default: Fallback::Unknown,
        doc: "fully loaded cost of one engineer a month, in the estimate's currency; absent: labour in hours only",
    },
    Field {
        path: "team.ops_hours_multi_instance",
        kind: RATE,
        default: Fallback::Unknown,
        doc: "monthly operations hours this team spends running this system on multi-instance, where it knows its own; absent: the estimate's figure (docs/cost.md, Operations hours)",
    },
    Field {
        path: "team.ops_hours_container",
        kind: RATE,
        default: Fallback::Unknown,
        doc: "monthly operations hours this team spends running this system on container, where it knows its own; absent: the estimate's figure (docs/cost.md, Operations hours)",
    },
    Field {
        path: "team.ops_hours_serverless",
        kind: RATE,
        default: Fallback::Unknown,
        doc: "monthly operations hours this team spends running this system on serverless, where it knows its own; absent: the estimate's figure (docs/cost.md, Operations hours)",
    },
    Field {
        path: "team.ops_hours_service_mesh",
        kind: RATE,
        default: Fallback::Unknown,
        doc: "monthly operations hours this team spends running this system on service-mesh, where it knows its own; absent: the estimate's figure (docs/cost.md, Operations hours)",
    },
    Field {
        path: "workload.traffic",
        kind: Kind::Enum(&["steady", "diurnal", "spiky", "sporadic"]),
        default: Fallback::Enum("steady"),
        doc: "steady: flat load; diurnal: predictable daily curve; spiky: sudden bursts far above the mean; sporadic: long idle periods, occasional events",
    },
    Field {
        path: "workload.trigger",
        kind: Kind::Enum(&["http", "queue", "schedule", "stream"]),
        default: Fallback::Enum("http"),
        doc: "what starts the work; HTTP limits bind only http",
    },
    Field {
        path: "workload.peak_rps",
        kind: RATE,
        default: Fallback::Unknown,
        doc: "peak requests or events per second, whole system",
    },
    Field {
        path: "workload.average_rps",
        kind: RATE,
        default: Fallback::Unknown,
        doc: "mean requests or events per second (at most peak_rps)",
    },
    Field {
        path: "workload.avg_duration_ms",
        kind: MILLISECONDS,
        default: Fallback::Unknown,
        doc: "mean time to handle one request or event, in milliseconds",
    },
    Field {
        path: "workload.max_duration_s",
        kind: SECONDS,
        default: Fallback::Num(1.0),
        doc: "longest single request or job, in seconds",
    },
    Field {
        path: "workload.call_depth",
        kind: DEPTH,
        default: Fallback::Num(2.0),
        doc: "services on the critical path of one request",
    },
    Field {
        path: "workload.memory_mb",
        kind: MEGABYTES,
        default: Fallback::Num(512.0),
        doc: "most memory one instance of a service needs, in MB",
    },
    Field {
        path: "workload.state",
        kind: Kind::Enum(&["stateless", "external", "local"]),
        default: Fallback::Enum("stateless"),
        doc: "external: state in a database or cache the services call; local: state held on the instance",
    },
    Field {
        path: "workload.latency_slo_ms",
        kind: MILLISECONDS,
        default: Fallback::Unknown,
        doc: "p99 latency target in milliseconds",
    },
    Field {
        path: "workload.gpu",
        kind: Kind::Bool,
        default: Fallback::Bool(false),
        doc: "needs GPUs or other special hardware",
    },
    Field {
        path: "workload.cpu_ms",
        kind: MILLISECONDS,
        default: Fallback::Unknown,
        doc: "CPU time one request or event uses, in milliseconds (sizes replicas and instances); absent: the estimate assumes a tenth of its duration",
    },
    Field {
        path: "workload.runtime",
        kind: Kind::Enum(&["node", "python", "java", "go", "dotnet", "rust", "other"]),
        default: Fallback::Unknown,
        doc: "the language runtime of the functions (cold starts differ by runtime); absent: a Node.js or Python cold start",
    },
    Field {
        path: "workload.isolation",
        kind: Kind::Enum(&["shared", "untrusted"]),
        default: Fallback::Enum("shared"),
        doc: "untrusted: runs code from tenants or users that needs VM or microVM isolation",
    },
    Field {
        path: "workload.connections",
        kind: Kind::Enum(&["short", "long-lived"]),
        default: Fallback::Enum("short"),
        doc: "long-lived: clients hold connections open (WebSockets, streaming, persistent gRPC)",
    },
    Field {
        path: "requirements.mtls",
        kind: Kind::Enum(&["none", "preferred", "required"]),
        default: Fallback::Enum("none"),
        doc: "encrypted, identity-checked service-to-service traffic",
    },
    Field {
        path: "requirements.observability",
        kind: Kind::Enum(&["basic", "standard", "deep"]),
        default: Fallback::Enum("standard"),
        doc: "deep = distributed tracing and per-hop metrics across services",
    },
    Field {
        path: "requirements.traffic_control",
        kind: Kind::Enum(&["none", "basic", "advanced"]),
        default: Fallback::Enum("basic"),
        doc: "advanced = canary/weighted routing, retries, circuit breaking, fault injection",
    },
    Field {
        path: "requirements.portability",
        kind: Kind::Enum(&["indifferent", "preferred", "required"]),
        default: Fallback::Enum("preferred"),
        doc: "how much vendor lock-in must be avoided",
    },
    Field {
        path: "requirements.compliance",
        kind: Kind::Tags,
        default: Fallback::NoTags,
        doc: "free-form tags, e.g. [pci-dss, hipaa, soc2, gdpr]",
    },
    Field {
        path: "constraints.budget",
        kind: Kind::Enum(&["tight", "moderate", "generous"]),
        default: Fallback::Enum("moderate"),
        doc: "how much money the system may cost",
    },
    Field {
        path: "constraints.time_to_market",
        kind: Kind::Enum(&["urgent", "normal", "relaxed"]),
        default: Fallback::Enum("normal"),
        doc: "how soon the system must be in production",
    },
    Field {
        path: "constraints.standard",
        kind: Kind::Enum(&["multi-instance", "container", "serverless", "service-mesh"]),
        default: Fallback::Unknown,
        doc: "the strategy the organisation standardises on (its platform team's default)",
    },
    Field {
        path: "constraints.commitment",
        kind: Kind::Enum(&["none", "1y", "3y"]),
        default: Fallback::Enum("none"),
        doc: "a 1- or 3-year spend commitment: each product's published Savings Plan or committed-use discount applies to its price (none: on-demand prices)",
    },
    Field {
        path: "constraints.prepaid_capacity",
        kind: Kind::Enum(&["none", "owned", "reserved"]),
        default: Fallback::Enum("none"),
        doc: "servers or instances with room for this system that are paid for whether used or not: owned (hardware bought and amortised) or reserved (reserved instances, capacity bought for a term); none: every strategy's bill is new",
    },
    Field {
        path: "priorities.cost",
        kind: PRIORITY,
        default: Fallback::Num(3.0),
        doc: "weight of cost, 0 (not at all) to 5 (critical)",
    },
    Field {
        path: "priorities.operability",
        kind: PRIORITY,
        default: Fallback::Num(3.0),
        doc: "weight of operability (little infrastructure to run and maintain), 0 to 5",
    },
    Field {
        path: "priorities.scalability",
        kind: PRIORITY,
        default: Fallback::Num(3.0),
        doc: "weight of scalability, 0 to 5",
    },
    Field {
        path: "priorities.resilience",
        kind: PRIORITY,
        default: Fallback::Num(3.0),
        doc: "weight of resilience, 0 to 5",
    },
    Field {
        path: "priorities.security",
        kind: PRIORITY,
        default: Fallback::Num(3.0),
        doc: "weight of security, 0 to 5",
    },
    Field {
        path: "priorities.portability",
        kind: PRIORITY,
        default: Fallback::Num(3.0),
        doc: "weight of portability, 0 to 5",
    },
    Field {
        path: "priorities.performance",
        kind: PRIORITY,
        default: Fallback::Num(3.0),
        doc: "weight of performance (latency and throughput), 0 to 5",
    },
    Field {
        path: "priorities.delivery_speed",
        kind: PRIORITY,
        default: Fallback::Num(3.0),
        doc: "weight of delivery speed (how fast a change reaches production), 0 to 5",
    },
    Field {
        path: "priorities.carbon",
        kind: PRIORITY,
        default: Fallback::Num(0.0),
        doc: "weight of carbon (the estimate's monthly kgCO2e against the cleanest strategy), 0 to 5; at 0 it only informs",
    },
];

/// The index of a field in the table, at compile time (a path that is not
/// in the table fails the build).
const fn index_of(path: &str) -> FieldId {
    let mut i = 0;
    while i < TABLE.len() {
        if same(TABLE[i].path.as_bytes(), path.as_bytes()) {
            return FieldId::new(i);
        }
        i += 1;
    }
    panic!("no such field in the table")
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

pub fn find(path: &str) -> Option<FieldId> {
    FIELDS.iter().position(|f| f.path == path).map(FieldId::new)
}

pub fn get(id: FieldId) -> &'static Field {
    &FIELDS[id.index()]
}

/// Every field with its id, in table order.
pub fn each() -> impl Iterator<Item = (FieldId, &'static Field)> {
    FIELDS.iter().enumerate().map(|(i, f)| (FieldId::new(i), f))
}

/// The fields of one section, in table order.
pub fn in_section(section: &str) -> impl Iterator<Item = (FieldId, &'static Field)> + '_ {
    each().filter(move |(_, f)| f.section_and_key().0 == section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_in_known_sections() {
        for (i, field) in FIELDS.iter().enumerate() {
            assert_eq!(
                find(field.path),
                Some(FieldId::new(i)),
                "duplicate path {}",
                field.path
            );
            assert!(
                SECTIONS.contains(&field.section_and_key().0),
                "{}",
                field.path
            );
        }
    }

    #[test]
    fn defaults_fit_their_kinds() {
        for field in FIELDS {
            match (field.kind, field.default) {
                (Kind::Enum(values), Fallback::Enum(word)) => assert!(values.contains(&word)),
                (Kind::Int { min, max }, Fallback::Num(x)) => {
                    assert!(x >= min as f64 && x <= max as f64)
                }
                (Kind::Number { .. } | Kind::Int { .. } | Kind::Enum(_), Fallback::Unknown) => {}
                (Kind::Number { min, max, .. }, Fallback::Num(x)) => {
                    assert!(x >= min && x <= max)
                }
                (Kind::Bool, Fallback::Bool(_)) | (Kind::Tags, Fallback::NoTags) => {}
                other => panic!("{}: default does not fit: {other:?}", field.path),
            }
        }
    }

    #[test]
    fn numbers_print_as_people_write_them() {
        assert_eq!(format_number(3600.0), "3600");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(-2.0), "-2");
    }
}
