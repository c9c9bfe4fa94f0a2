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
    /// A number, at least `min` (or above it when `exclusive`).
    Number {
        min: f64,
        exclusive: bool,
    },
    Bool,
    /// A list of free-form tags.
    Tags,
}

impl Kind {
    pub fn is_numeric(self) -> bool {
        matches!(self, Kind::Int { .. } | Kind::Number { .. })
    }

    /// What a valid value looks like, for error messages.
    pub fn expectation(self) -> String {
        match self {
            Kind::Enum(values) => format!("one of: {}", values.join(", ")),
            Kind::Int { min, max } if max == i64::MAX => format!("a whole number >= {min}"),
            Kind::Int { min, max } => format!("a whole number from {min} to {max}"),
            Kind::Number {
                min,
                exclusive: true,
            } => format!("a number > {min}"),
            Kind::Number {
                min,
                exclusive: false,
            } => format!("a number >= {min}"),
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
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A field's default when the profile does not state it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Default {
    /// No default: the value is unknown, and conditions on it are unknown.
    Unknown,
    Enum(&'static str),
    Num(f64),
    Bool(bool),
    NoTags,
}

impl Default {
    pub fn value(self) -> Option<FieldValue> {
        match self {
            Default::Unknown => None,
            Default::Enum(word) => Some(FieldValue::Enum(word)),
            Default::Num(x) => Some(FieldValue::Num(x)),
            Default::Bool(b) => Some(FieldValue::Bool(b)),
            Default::NoTags => Some(FieldValue::Tags(Vec::new())),
        }
    }
}

#[derive(Debug)]
pub struct Field {
    /// Dotted path, as written in profiles, rules and `--set`.
    pub path: &'static str,
    pub kind: Kind,
    pub default: Default,
    pub doc: &'static str,
}

impl Field {
    /// The section (`system`, `workload`, ...) and the key within it.
    pub fn section_and_key(&self) -> (&'static str, &'static str) {
        self.path.split_once('.').unwrap_or(("", self.path))
    }

    /// Priorities weigh criteria; every other field describes the system.
    pub fn is_priority(&self) -> bool {
        self.path.starts_with("priorities.")
    }
}

/// Index of a field in [`FIELDS`].
pub type FieldId = usize;

const LEVEL: &[&str] = &["none", "low", "medium", "high"];
const PRIORITY: Kind = Kind::Int { min: 0, max: 5 };
const COUNT: Kind = Kind::Int {
    min: 1,
    max: i64::MAX,
};
const RATE: Kind = Kind::Number {
    min: 0.0,
    exclusive: false,
};
const POSITIVE: Kind = Kind::Number {
    min: 0.0,
    exclusive: true,
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
/// (A test checks each against its path.)
pub mod id {
    use super::FieldId;

    pub const SYSTEM_SERVICES: FieldId = 0;
    pub const SYSTEM_HOSTING: FieldId = 1;
    pub const SYSTEM_PLATFORM: FieldId = 2;
    pub const SYSTEM_CLOUD: FieldId = 3;
    pub const TEAM_ENGINEERS: FieldId = 4;
    pub const TEAM_OPS_MATURITY: FieldId = 5;
    pub const TEAM_CONTAINER_SKILLS: FieldId = 6;
    pub const TEAM_ENGINEER_MONTHLY_COST: FieldId = 7;
    pub const WORKLOAD_TRAFFIC: FieldId = 8;
    pub const WORKLOAD_TRIGGER: FieldId = 9;
    pub const WORKLOAD_PEAK_RPS: FieldId = 10;
    pub const WORKLOAD_AVERAGE_RPS: FieldId = 11;
    pub const WORKLOAD_AVG_DURATION_MS: FieldId = 12;
    pub const WORKLOAD_MAX_DURATION_S: FieldId = 13;
    pub const WORKLOAD_CALL_DEPTH: FieldId = 14;
    pub const WORKLOAD_MEMORY_MB: FieldId = 15;
    pub const WORKLOAD_STATE: FieldId = 16;
    pub const WORKLOAD_LATENCY_SLO_MS: FieldId = 17;
    pub const WORKLOAD_GPU: FieldId = 18;
    pub const WORKLOAD_CPU_MS: FieldId = 19;
    pub const WORKLOAD_RUNTIME: FieldId = 20;
    pub const REQUIREMENTS_MTLS: FieldId = 21;
    pub const REQUIREMENTS_OBSERVABILITY: FieldId = 22;
    pub const REQUIREMENTS_TRAFFIC_CONTROL: FieldId = 23;
    pub const REQUIREMENTS_PORTABILITY: FieldId = 24;
    pub const REQUIREMENTS_COMPLIANCE: FieldId = 25;
    pub const CONSTRAINTS_BUDGET: FieldId = 26;
    pub const CONSTRAINTS_TIME_TO_MARKET: FieldId = 27;
    pub const PRIORITIES_COST: FieldId = 28;
    pub const PRIORITIES_OPERABILITY: FieldId = 29;
    pub const PRIORITIES_SCALABILITY: FieldId = 30;
    pub const PRIORITIES_RESILIENCE: FieldId = 31;
    pub const PRIORITIES_SECURITY: FieldId = 32;
    pub const PRIORITIES_PORTABILITY: FieldId = 33;
    pub const PRIORITIES_PERFORMANCE: FieldId = 34;
    pub const PRIORITIES_DELIVERY_SPEED: FieldId = 35;
}

/// Every field of profile format version 1, in the order of profile.md.
pub static FIELDS: &[Field] = &[
    Field {
        path: "system.services",
        kind: COUNT,
        default: Default::Num(5.0),
        doc: "independently deployed services",
    },
    Field {
        path: "system.hosting",
        kind: Kind::Enum(&["public-cloud", "private-cloud", "on-premises", "hybrid"]),
        default: Default::Enum("public-cloud"),
        doc: "where the system runs",
    },
    Field {
        path: "system.platform",
        kind: Kind::Enum(&["none", "vms", "kubernetes", "serverless"]),
        default: Default::Enum("none"),
        doc: "what the organisation already runs and knows",
    },
    Field {
        path: "system.cloud",
        kind: Kind::Enum(&["aws", "azure", "gcp", "other"]),
        default: Default::Unknown,
        doc: "the cloud provider; absent: any provider, so a provider's limit applies only if every provider has it",
    },
    Field {
        path: "team.engineers",
        kind: COUNT,
        default: Default::Num(8.0),
        doc: "people who build AND run the system",
    },
    Field {
        path: "team.ops_maturity",
        kind: Kind::Enum(LEVEL),
        default: Default::Enum("medium"),
        doc: "on-call, infrastructure as code, monitoring, incident practice",
    },
    Field {
        path: "team.container_skills",
        kind: Kind::Enum(LEVEL),
        default: Default::Enum("low"),
        doc: "Docker and orchestrator (Kubernetes, ECS, Nomad) experience",
    },
    Field {
        path: "team.engineer_monthly_cost",
        kind: POSITIVE,
        default: Default::Unknown,
        doc: "fully loaded cost of one engineer a month, in the estimate's currency; absent: labour in hours only",
    },
    Field {
        path: "workload.traffic",
        kind: Kind::Enum(&["steady", "diurnal", "spiky", "sporadic"]),
        default: Default::Enum("steady"),
        doc: "steady: flat load; diurnal: predictable daily curve; spiky: sudden bursts far above the mean; sporadic: long idle periods, occasional events",
    },
    Field {
        path: "workload.trigger",
        kind: Kind::Enum(&["http", "queue", "schedule", "stream"]),
        default: Default::Enum("http"),
        doc: "what starts the work; HTTP limits bind only http",
    },
    Field {
        path: "workload.peak_rps",
        kind: RATE,
        default: Default::Unknown,
        doc: "peak requests or events per second, whole system",
    },
    Field {
        path: "workload.average_rps",
        kind: RATE,
        default: Default::Unknown,
        doc: "mean requests or events per second (at most peak_rps)",
    },
    Field {
        path: "workload.avg_duration_ms",
        kind: POSITIVE,
        default: Default::Unknown,
        doc: "mean time to handle one request or event, in milliseconds",
    },
    Field {
        path: "workload.max_duration_s",
        kind: POSITIVE,
        default: Default::Num(1.0),
        doc: "longest single request or job, in seconds",
    },
    Field {
        path: "workload.call_depth",
        kind: COUNT,
        default: Default::Num(2.0),
        doc: "services on the critical path of one request",
    },
    Field {
        path: "workload.memory_mb",
        kind: POSITIVE,
        default: Default::Num(512.0),
        doc: "most memory one instance of a service needs, in MB",
    },
    Field {
        path: "workload.state",
        kind: Kind::Enum(&["stateless", "external", "local"]),
        default: Default::Enum("stateless"),
        doc: "external: state in a database or cache the services call; local: state held on the instance",
    },
    Field {
        path: "workload.latency_slo_ms",
        kind: POSITIVE,
        default: Default::Unknown,
        doc: "p99 latency target in milliseconds",
    },
    Field {
        path: "workload.gpu",
        kind: Kind::Bool,
        default: Default::Bool(false),
        doc: "needs GPUs or other special hardware",
    },
    Field {
        path: "workload.cpu_ms",
        kind: POSITIVE,
        default: Default::Unknown,
        doc: "CPU time one request or event uses, in milliseconds (sizes replicas and instances); absent: the estimate assumes a tenth of its duration",
    },
    Field {
        path: "workload.runtime",
        kind: Kind::Enum(&["node", "python", "java", "go", "dotnet", "rust", "other"]),
        default: Default::Unknown,
        doc: "the language runtime of the functions (cold starts differ by runtime); absent: a Node.js or Python cold start",
    },
    Field {
        path: "requirements.mtls",
        kind: Kind::Enum(&["none", "preferred", "required"]),
        default: Default::Enum("none"),
        doc: "encrypted, identity-checked service-to-service traffic",
    },
    Field {
        path: "requirements.observability",
        kind: Kind::Enum(&["basic", "standard", "deep"]),
        default: Default::Enum("standard"),
        doc: "deep = distributed tracing and per-hop metrics across services",
    },
    Field {
        path: "requirements.traffic_control",
        kind: Kind::Enum(&["none", "basic", "advanced"]),
        default: Default::Enum("basic"),
        doc: "advanced = canary/weighted routing, retries, circuit breaking, fault injection",
    },
    Field {
        path: "requirements.portability",
        kind: Kind::Enum(&["indifferent", "preferred", "required"]),
        default: Default::Enum("preferred"),
        doc: "how much vendor lock-in must be avoided",
    },
    Field {
        path: "requirements.compliance",
        kind: Kind::Tags,
        default: Default::NoTags,
        doc: "free-form tags, e.g. [pci-dss, hipaa, soc2, gdpr]",
    },
    Field {
        path: "constraints.budget",
        kind: Kind::Enum(&["tight", "moderate", "generous"]),
        default: Default::Enum("moderate"),
        doc: "how much money the system may cost",
    },
    Field {
        path: "constraints.time_to_market",
        kind: Kind::Enum(&["urgent", "normal", "relaxed"]),
        default: Default::Enum("normal"),
        doc: "how soon the system must be in production",
    },
    Field {
        path: "priorities.cost",
        kind: PRIORITY,
        default: Default::Num(3.0),
        doc: "weight of cost, 0 (not at all) to 5 (critical)",
    },
    Field {
        path: "priorities.operability",
        kind: PRIORITY,
        default: Default::Num(3.0),
        doc: "weight of operability (little infrastructure to run and maintain), 0 to 5",
    },
    Field {
        path: "priorities.scalability",
        kind: PRIORITY,
        default: Default::Num(3.0),
        doc: "weight of scalability, 0 to 5",
    },
    Field {
        path: "priorities.resilience",
        kind: PRIORITY,
        default: Default::Num(3.0),
        doc: "weight of resilience, 0 to 5",
    },
    Field {
        path: "priorities.security",
        kind: PRIORITY,
        default: Default::Num(3.0),
        doc: "weight of security, 0 to 5",
    },
    Field {
        path: "priorities.portability",
        kind: PRIORITY,
        default: Default::Num(3.0),
        doc: "weight of portability, 0 to 5",
    },
    Field {
        path: "priorities.performance",
        kind: PRIORITY,
        default: Default::Num(3.0),
        doc: "weight of performance (latency and throughput), 0 to 5",
    },
    Field {
        path: "priorities.delivery_speed",
        kind: PRIORITY,
        default: Default::Num(3.0),
        doc: "weight of delivery speed (how fast a change reaches production), 0 to 5",
    },
];

pub fn find(path: &str) -> Option<FieldId> {
    FIELDS.iter().position(|f| f.path == path)
}

pub fn get(id: FieldId) -> &'static Field {
    &FIELDS[id]
}

/// The fields of one section, in table order.
pub fn in_section(section: &str) -> impl Iterator<Item = (FieldId, &'static Field)> + '_ {
    FIELDS
        .iter()
        .enumerate()
        .filter(move |(_, f)| f.section_and_key().0 == section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_ids_are_their_fields() {
        let named = [
            (id::SYSTEM_SERVICES, "system.services"),
            (id::SYSTEM_HOSTING, "system.hosting"),
            (id::SYSTEM_PLATFORM, "system.platform"),
            (id::SYSTEM_CLOUD, "system.cloud"),
            (id::TEAM_ENGINEERS, "team.engineers"),
            (id::TEAM_OPS_MATURITY, "team.ops_maturity"),
            (id::TEAM_CONTAINER_SKILLS, "team.container_skills"),
            (id::TEAM_ENGINEER_MONTHLY_COST, "team.engineer_monthly_cost"),
            (id::WORKLOAD_TRAFFIC, "workload.traffic"),
            (id::WORKLOAD_TRIGGER, "workload.trigger"),
            (id::WORKLOAD_PEAK_RPS, "workload.peak_rps"),
            (id::WORKLOAD_AVERAGE_RPS, "workload.average_rps"),
            (id::WORKLOAD_AVG_DURATION_MS, "workload.avg_duration_ms"),
            (id::WORKLOAD_MAX_DURATION_S, "workload.max_duration_s"),
            (id::WORKLOAD_CALL_DEPTH, "workload.call_depth"),
            (id::WORKLOAD_MEMORY_MB, "workload.memory_mb"),
            (id::WORKLOAD_STATE, "workload.state"),
            (id::WORKLOAD_LATENCY_SLO_MS, "workload.latency_slo_ms"),
            (id::WORKLOAD_GPU, "workload.gpu"),
            (id::WORKLOAD_CPU_MS, "workload.cpu_ms"),
            (id::WORKLOAD_RUNTIME, "workload.runtime"),
            (id::REQUIREMENTS_MTLS, "requirements.mtls"),
            (id::REQUIREMENTS_OBSERVABILITY, "requirements.observability"),
            (
                id::REQUIREMENTS_TRAFFIC_CONTROL,
                "requirements.traffic_control",
            ),
            (id::REQUIREMENTS_PORTABILITY, "requirements.portability"),
            (id::REQUIREMENTS_COMPLIANCE, "requirements.compliance"),
            (id::CONSTRAINTS_BUDGET, "constraints.budget"),
            (id::CONSTRAINTS_TIME_TO_MARKET, "constraints.time_to_market"),
            (id::PRIORITIES_COST, "priorities.cost"),
            (id::PRIORITIES_OPERABILITY, "priorities.operability"),
            (id::PRIORITIES_SCALABILITY, "priorities.scalability"),
            (id::PRIORITIES_RESILIENCE, "priorities.resilience"),
            (id::PRIORITIES_SECURITY, "priorities.security"),
            (id::PRIORITIES_PORTABILITY, "priorities.portability"),
            (id::PRIORITIES_PERFORMANCE, "priorities.performance"),
            (id::PRIORITIES_DELIVERY_SPEED, "priorities.delivery_speed"),
        ];
        assert_eq!(named.len(), FIELDS.len());
        for (id, path) in named {
            assert_eq!(FIELDS[id].path, path);
        }
    }

    #[test]
    fn paths_are_unique_and_in_known_sections() {
        for (i, field) in FIELDS.iter().enumerate() {
            assert_eq!(find(field.path), Some(i), "duplicate path {}", field.path);
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
                (Kind::Enum(values), Default::Enum(word)) => assert!(values.contains(&word)),
                (Kind::Int { min, max }, Default::Num(x)) => {
                    assert!(x >= min as f64 && x <= max as f64)
                }
                (Kind::Number { .. } | Kind::Int { .. } | Kind::Enum(_), Default::Unknown) => {}
                (Kind::Number { min, .. }, Default::Num(x)) => assert!(x >= min),
                (Kind::Bool, Default::Bool(_)) | (Kind::Tags, Default::NoTags) => {}
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
