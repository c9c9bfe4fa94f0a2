//! What each strategy would emit a month, in kgCO2e, beside what it costs:
//! Cloud Carbon Footprint's (CCF) method applied to the capacity the bill
//! already prices.
//!
//! The estimate does not size anything again. Each priced line item says
//! what it bills (vCPU-hours, GB-hours, instance-hours of a listed size,
//! GB-seconds of functions, a server's power): [`capacity`] reads those
//! quantities back, so the carbon figure moves exactly as the bill does.
//! Then CCF's usage formula, with its coefficients as CCF's methodology
//! page and source code publish them (read 2026-12):
//!
//! - compute: vCPU-hours × (min + 50% × (max − min)) watts per vCPU, the
//!   cloud's average when the processor is unknown (AWS 0.74-3.5 W, GCP
//!   0.71-4.26 W, Azure 0.78-3.76 W), at CCF's assumed 50% utilisation;
//! - memory: GB-hours × 0.000392 kWh;
//! - both × the cloud's PUE (AWS 1.135, GCP 1.1, Azure 1.185), × the grid
//!   intensity of the price sheet's region (`prices/carbon/grid.yaml`, CCF's
//!   published emissions factors) or the sheet's own `grid_g_per_kwh`.
//!
//! Functions billed in GB-seconds get vCPUs in proportion to memory, one per
//! 1,792 MB, as CCF (and Lambda) do; where the product bills vCPU apart
//! (Cloud Run functions), that vCPU. Hardware you own is counted from the
//! power line the bill already carries (the servers' draw, from the same
//! CCF coefficients) × the facility's PUE of 1.56 the power price uses.
//!
//! Not counted (said in docs/cost.md): embodied emissions of the hardware,
//! network transfer, storage, GPUs' own draw, and the shared machinery of
//! managed services (load balancers, gateways, control planes).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::analysis::pricing::Item;
use crate::domain::prices::{Role, Sheet};

/// CCF's memory coefficient: kWh per GB-hour.
pub(crate) const KWH_PER_GB_HOUR: f64 = 0.000392;
/// CCF's assumed vCPU utilisation when it is not measured.
pub(crate) const UTILISATION: f64 = 0.5;
/// Memory per vCPU of a function billed by memory (CCF, after Lambda).
pub(crate) const GB_PER_FUNCTION_VCPU: f64 = 1.792;
/// The PUE the own-hardware sheet's power price includes (Uptime
/// Institute Global Data Center Survey 2024: the industry average, 1.56).
pub(crate) const OWN_HARDWARE_PUE: f64 = 1.56;
/// An amount under this many kg a month counts as this much when
/// strategies are compared (a heuristic, as the cost rules count amounts
/// under a dollar as a dollar: a kilogram a month is a few kilometres of
/// driving, and a ratio of two near-zero figures means nothing).
pub(crate) const KG_FLOOR: f64 = 1.0;

/// What the estimate calls its method, in every format.
pub(crate) fn method() -> String {
    format!("Cloud Carbon Footprint coefficients (read {})", GRID.read)
}

/// When the coefficients and grid factors were read (`2026-12`).
pub(crate) fn read() -> &'static str {
    &GRID.read
}

/// Where a grid's factor comes from, short enough for a report line: the
/// built-in table by name (the JSON gives its full source), else the
/// sheet's own statement or the stated default.
pub(crate) fn grid_label(grid: &Grid) -> String {
    match grid.source.starts_with("Cloud Carbon Footprint") {
        true => format!(
            "Cloud Carbon Footprint's emissions factor for {}, {} g CO2e per kWh (prices/carbon/grid.yaml)",
            grid.region,
            crate::domain::fields::format_number(grid.g_per_kwh)
        ),
        false => grid.source.clone(),
    }
}

/// A cloud's CCF coefficients: watts per vCPU (min, max) and PUE.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coefficients {
    pub min_watts: f64,
    pub max_watts: f64,
    pub pue: f64,
}

impl Coefficients {
    /// The cloud's coefficients (facts.md, "Additions (read 2026-12)").
    pub(crate) fn of(provider: &str) -> Option<Coefficients> {
        let (min_watts, max_watts, pue) = match provider {
            "aws" => (0.74, 3.5, 1.135),
            "gcp" => (0.71, 4.26, 1.1),
            "azure" => (0.78, 3.76, 1.185),
            _ => return None,
        };
        Some(Coefficients {
            min_watts,
            max_watts,
            pue,
        })
    }

    /// Average watts of one vCPU at CCF's assumed utilisation.
    pub(crate) fn watts(self) -> f64 {
        self.min_watts + UTILISATION * (self.max_watts - self.min_watts)
    }
}

/// The grid a sheet's energy is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Grams of CO2e per kWh.
    pub g_per_kwh: f64,
    pub region: String,
    /// Where the factor comes from.
    pub source: String,
}

/// The capacity a bill pays for, over the month.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Capacity {
    pub vcpu_hours: f64,
    pub gb_hours: f64,
    /// Energy the bill already counts (hardware you own), before PUE.
    pub it_kwh: f64,
}

/// One strategy's monthly emissions.
#[derive(Debug, Clone, PartialEq)]
pub struct Carbon {
    pub kg_co2e: f64,
    /// Energy with the data centre's overhead (PUE).
    pub energy_kwh: f64,
    pub capacity: Capacity,
}

/// Every strategy's emissions for a profile, by catalog index.
#[derive(Debug, Clone, PartialEq)]
pub struct Footprint {
    /// The grid, or why there is no figure.
    pub grid: Result<Grid, String>,
    pub strategies: Vec<Option<Carbon>>,
}

impl Footprint {
    /// `bills[s]`: strategy `s`'s line items, where it was priced.
    pub(crate) fn new<'a>(
        sheet: &Sheet,
        bills: impl Iterator<Item = Option<&'a [Item]>>,
    ) -> Footprint {
        let grid = grid(sheet);
        let strategies = bills
            .map(|items| {
                let g = grid.as_ref().ok()?;
                emissions(items?, sheet, g.g_per_kwh)
            })
            .collect();
        Footprint { grid, strategies }
    }

    pub fn kg(&self, s: usize) -> Option<f64> {
        self.strategies.get(s)?.as_ref().map(|c| c.kg_co2e)
    }
}

/// The vCPU-hours, GB-hours and counted energy a bill's items pay for.
pub(crate) fn capacity(items: &[Item], sheet: &Sheet) -> Capacity {
    let hours = sheet.hours_per_month;
    let mut c = Capacity::default();
    // vCPU billed apart from functions' memory (Cloud Run functions).
    let function_vcpu = items.iter().any(|i| i.role == Role::FaasVcpuSecond);
    for i in items {
        let q = i.quantity;
        match i.role {
            Role::FaasGbSecond => {
                c.gb_hours += q / 3600.0;
                if !function_vcpu {
                    c.vcpu_hours += q / 3600.0 / GB_PER_FUNCTION_VCPU;
                }
            }
            Role::FaasVcpuSecond => c.vcpu_hours += q / 3600.0,
            Role::ContainerVcpuHour
            | Role::ContainerIdleVcpuHour
            | Role::ContainerInstanceVcpuHour
            | Role::PodVcpuHour => c.vcpu_hours += q,
            Role::ContainerGbHour
            | Role::ContainerIdleGbHour
            | Role::ContainerInstanceGbHour
            | Role::PodGbHour => c.gb_hours += q,
            // Instance-hours of a listed size.
            Role::FaasInstanceHour
            | Role::FaasPlanHour
            | Role::NodeHour
            | Role::VmHour
            | Role::GpuInstanceHour
            | Role::ContainerGpuInstanceHour => {
                let p = i.price(sheet);
                c.vcpu_hours += q * p.vcpu.unwrap_or(0.0);
                c.gb_hours += q * p.memory_gb.unwrap_or(0.0);
            }
            // Servers amortised: the line bills servers ÷ months of life.
            Role::Server => {
                let p = i.price(sheet);
                let servers = q * p.life_years.unwrap_or(1.0) * 12.0;
                c.vcpu_hours += servers * p.vcpu.unwrap_or(0.0) * hours;
                c.gb_hours += servers * p.memory_gb.unwrap_or(0.0) * hours;
            }
            Role::PowerKwh => c.it_kwh += q,
            // Requests, fees, credits over capacity already counted, load
            // balancers, gateways and control planes: no capacity of the
            // strategy's own.
            _ => {}
        }
    }
    c
}

/// A bill's monthly energy and emissions at `g_per_kwh`; `None` for a
/// provider with no coefficients.
pub(crate) fn emissions(items: &[Item], sheet: &Sheet, g_per_kwh: f64) -> Option<Carbon> {
    let capacity = capacity(items, sheet);
    let energy_kwh = match Coefficients::of(&sheet.provider) {
        Some(k) => {
            (capacity.vcpu_hours * k.watts() / 1000.0 + capacity.gb_hours * KWH_PER_GB_HOUR) * k.pue
        }
        // Hardware you own: the draw the bill counts, with cooling.
        None if capacity.it_kwh > 0.0 => capacity.it_kwh * OWN_HARDWARE_PUE,
        None => return None,
    };
    Some(Carbon {
        kg_co2e: energy_kwh * g_per_kwh / 1000.0,
        energy_kwh,
        capacity,
    })
}

/// The sheet's grid: its own stated factor, else the built-in table's for
/// its provider and region (Azure's region names compared without case).
pub(crate) fn grid(sheet: &Sheet) -> Result<Grid, String> {
    if let Some((g, file)) = &sheet.grid_g_per_kwh {
        return Ok(Grid {
            g_per_kwh: *g,
            region: sheet.region.clone(),
            source: format!("grid_g_per_kwh in {file}"),
        });
    }
    let Some(provider) = GRID.providers.get(&sheet.provider) else {
        return Err(format!(
            "no grid carbon intensity for provider `{}`: state `grid_g_per_kwh` with --prices",
            sheet.provider
        ));
    };
    let region = sheet.region.to_lowercase();
    provider
        .regions
        .iter()
        .find(|(r, _)| r.to_lowercase() == region)
        .map(|(_, &g)| Grid {
            g_per_kwh: g,
            region: sheet.region.clone(),
            source: provider.source.clone(),
        })
        .ok_or_else(|| {
            format!(
                "no grid carbon intensity for {} region `{}` in Cloud Carbon Footprint's table (prices/carbon/grid.yaml): state `grid_g_per_kwh` with --prices",
                sheet.provider, sheet.region
            )
        })
}

/// How a figure was reached, in words: the capacity, the coefficients and
/// the grid (`1,825 vCPU-hours at 2.12 W and 3,650 GB-hours at 0.392 W,
/// x PUE 1.135 = 6.02 kWh; x 379.069 g/kWh (us-east-1)`).
pub(crate) fn basis(c: &Carbon, provider: &str, grid: &Grid) -> String {
    let n = |x: f64, places| crate::text::money::number(x, places);
    let num = crate::domain::fields::format_number;
    let energy = match Coefficients::of(provider) {
        Some(k) => format!(
            "{} vCPU-hours at {} W and {} GB-hours at {} W, x PUE {}",
            n(c.capacity.vcpu_hours, 0),
            num(crate::text::number::hundredths(k.watts())),
            n(c.capacity.gb_hours, 0),
            num(KWH_PER_GB_HOUR * 1000.0),
            num(k.pue)
        ),
        None => format!(
            "{} kWh the servers draw, x PUE {}",
            n(c.capacity.it_kwh, 0),
            num(OWN_HARDWARE_PUE)
        ),
    };
    format!(
        "{energy} = {} kWh; x {} g/kWh ({})",
        n(c.energy_kwh, 2),
        num(grid.g_per_kwh),
        grid.region
    )
}

/// Kilograms as the reports show them: to the gram under 10 kg, to a
/// tenth above, thousands grouped.
pub(crate) fn kg_text(kg: f64) -> String {
    let places = match kg {
        k if k >= 10.0 => 1,
        k if k >= 0.1 => 2,
        _ => 3,
    };
    format!("{} kgCO2e", crate::text::money::number(kg, places))
}

/// Kilograms to the gram, as the JSON gives them.
pub(crate) fn grams(kg: f64) -> f64 {
    let r = (kg * 1000.0).round() / 1000.0;
    if r == 0.0 { 0.0 } else { r }
}

/// `prices/carbon/grid.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GridTable {
    read: String,
    providers: BTreeMap<String, GridProvider>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GridProvider {
    source: String,
    regions: BTreeMap<String, f64>,
}

/// The built-in table (`prices/carbon/grid.yaml`), read once from the JSON
/// build.rs makes of it; a unit test checks it against the YAML.
static GRID: LazyLock<GridTable> = LazyLock::new(|| {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/grid.json")))
        .expect("prices/carbon/grid.yaml is checked by the test suite")
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::pricing::ItemKind;
    use crate::domain::prices::PriceBook;

    fn line(role: Role, entry: usize, quantity: f64) -> Item {
        Item {
            kind: ItemKind::Compute,
            role,
            entry,
            tier: None,
            note: None,
            quantity,
            unit_price: 0.0,
            amount: 0.0,
            discount: 0.0,
        }
    }

    fn sheet(provider: &str) -> Sheet {
        PriceBook::builtin().sheet(provider).unwrap().clone()
    }

    #[test]
    fn the_grid_table_parses_and_every_builtin_sheet_has_a_factor() {
        let yaml: GridTable =
            crate::text::yaml::from_str(include_str!("../../prices/carbon/grid.yaml")).unwrap();
        assert_eq!(
            yaml.providers.keys().collect::<Vec<_>>(),
            GRID.providers.keys().collect::<Vec<_>>()
        );
        for (name, p) in &yaml.providers {
            assert_eq!(p.regions, GRID.providers[name].regions, "{name}");
            assert_eq!(p.source, GRID.providers[name].source, "{name}");
        }
        assert_eq!(GRID.read, "2026-12");
        for s in &PriceBook::builtin().sheets {
            let g = grid(s).unwrap_or_else(|e| panic!("{}: {e}", s.provider));
            assert!(g.g_per_kwh > 0.0 && g.g_per_kwh < 1000.0, "{g:?}");
        }
        for p in GRID.providers.values() {
            assert!(p.source.contains("Cloud Carbon Footprint"), "{}", p.source);
            assert!(p.regions.values().all(|g| g.is_finite() && *g >= 0.0));
        }
    }

    #[test]
    fn aws_fargate_by_hand() {
        // Ten replicas (5 services x 2) of 0.25 vCPU and 0.5 GB, always on:
        // 10 x 0.25 x 730 = 1,825 vCPU-hours; 10 x 0.5 x 730 = 3,650 GB-hours.
        // Watts per vCPU at 50%: 0.74 + 0.5 x (3.5 - 0.74) = 2.12 W.
        // Energy: (1,825 x 2.12 / 1,000 + 3,650 x 0.000392) x 1.135
        //       = (3.869 + 1.4308) x 1.135 = 5.2998 x 1.135 = 6.015273 kWh.
        // us-east-1 (SERC) 379.069 g/kWh: 6.015273 x 0.379069 = 2.280204 kg.
        let aws = sheet("aws");
        let items = [
            line(Role::ContainerVcpuHour, 0, 1825.0),
            line(Role::ContainerGbHour, 0, 3650.0),
        ];
        let c = emissions(&items, &aws, grid(&aws).unwrap().g_per_kwh).unwrap();
        assert!((c.energy_kwh - 6.015273).abs() < 1e-6, "{c:?}");
        assert!((c.kg_co2e - 2.280204).abs() < 1e-6, "{c:?}");
    }

    #[test]
    fn aws_lambda_gets_a_vcpu_per_1792_mb() {
        // 3,600,000 GB-seconds = 1,000 GB-hours, so 1,000 / 1.792 =
        // 558.0357 vCPU-hours. Energy: (558.0357 x 2.12 / 1,000 + 1,000 x
        // 0.000392) x 1.135 = (1.183036 + 0.392) x 1.135 = 1.787666 kWh;
        // x 0.379069 = 0.677649 kg.
        let aws = sheet("aws");
        let items = [line(Role::FaasGbSecond, 0, 3_600_000.0)];
        let c = emissions(&items, &aws, 379.069).unwrap();
        assert!((c.capacity.vcpu_hours - 558.0357).abs() < 1e-4);
        assert!((c.energy_kwh - 1.787666).abs() < 1e-6, "{c:?}");
        assert!((c.kg_co2e - 0.677649).abs() < 1e-6, "{c:?}");
    }

    #[test]
    fn gcp_cloud_run_by_hand() {
        // 1,000 vCPU-hours and 2,000 GB-hours on Cloud Run (us-central1).
        // Watts: 0.71 + 0.5 x (4.26 - 0.71) = 2.485 W.
        // Energy: (1,000 x 2.485 / 1,000 + 2,000 x 0.000392) x 1.1
        //       = (2.485 + 0.784) x 1.1 = 3.5959 kWh.
        // us-central1 454 g/kWh: 3.5959 x 0.454 = 1.6325386 kg.
        let gcp = sheet("gcp");
        let items = [
            line(Role::ContainerVcpuHour, 0, 1000.0),
            line(Role::ContainerGbHour, 0, 2000.0),
        ];
        assert_eq!(grid(&gcp).unwrap().g_per_kwh, 454.0);
        let c = emissions(&items, &gcp, 454.0).unwrap();
        assert!((c.energy_kwh - 3.5959).abs() < 1e-9, "{c:?}");
        assert!((c.kg_co2e - 1.6325386).abs() < 1e-9, "{c:?}");
    }

    #[test]
    fn azure_vms_by_hand() {
        // Four instances of the first listed VM size for 730 h, each of
        // `v` vCPU and `m` GB: 2,920 x v vCPU-hours, 2,920 x m GB-hours.
        // Watts: 0.78 + 0.5 x (3.76 - 0.78) = 2.27 W.
        // For a 2 vCPU, 8 GB size: (5,840 x 2.27 / 1,000 + 23,360 x 0.000392)
        //   x 1.185 = (13.2568 + 9.15712) x 1.185 = 26.5604952 kWh;
        // eastus (SERC) 379.069 g/kWh: 10.068260 kg.
        let azure = sheet("azure");
        let vm = &azure.all(Role::VmHour)[0].1;
        let (v, m) = (vm.vcpu.unwrap(), vm.memory_gb.unwrap());
        let items = [line(Role::VmHour, 0, 4.0 * 730.0)];
        let c = emissions(&items, &azure, grid(&azure).unwrap().g_per_kwh).unwrap();
        let by_hand = (2920.0 * v * 2.27 / 1000.0 + 2920.0 * m * 0.000392) * 1.185;
        assert!((c.energy_kwh - by_hand).abs() < 1e-9, "{c:?}");
        assert!((c.kg_co2e - by_hand * 0.379069).abs() < 1e-9);
        if (v, m) == (2.0, 8.0) {
            assert!((c.kg_co2e - 10.068260).abs() < 1e-6, "{c:?}");
        }
        // The basis shows the watts as a reader works them out, not as the
        // float sum 2.2699999999999996 prints.
        let shown = basis(&c, "azure", &grid(&azure).unwrap());
        assert!(shown.contains(" at 2.27 W and "), "{shown}");
    }

    #[test]
    fn hardware_you_own_counts_the_power_line_with_its_pue() {
        // 708 W for 730 h = 516.84 kWh of IT load, x PUE 1.56 = 806.2704 kWh;
        // x 379.069 g/kWh (the default, SERC) = 305.632114 kg.
        let own = sheet("own-hardware");
        let mut power = line(Role::PowerKwh, 0, 516.84);
        power.kind = ItemKind::Other;
        let c = emissions(&[power], &own, grid(&own).unwrap().g_per_kwh).unwrap();
        assert!((c.energy_kwh - 806.2704).abs() < 1e-9);
        assert!((c.kg_co2e - 305.632114).abs() < 1e-6, "{c:?}");
    }

    #[test]
    fn a_stated_grid_wins_and_an_unknown_region_says_why() {
        let book = PriceBook::builtin()
            .with_override("mine.yaml", "provider: own-hardware\ngrid_g_per_kwh: 56\n")
            .unwrap();
        let g = grid(book.sheet("own-hardware").unwrap()).unwrap();
        assert_eq!(g.g_per_kwh, 56.0);
        assert!(g.source.contains("mine.yaml"));
        let book = PriceBook::builtin()
            .with_override("eu.yaml", "provider: aws\nregion: eu-north-1\n")
            .unwrap();
        assert_eq!(grid(book.sheet("aws").unwrap()).unwrap().g_per_kwh, 8.0);
        let book = PriceBook::builtin()
            .with_override("mars.yaml", "provider: aws\nregion: mars-1\n")
            .unwrap();
        let why = grid(book.sheet("aws").unwrap()).unwrap_err();
        assert!(
            why.contains("mars-1") && why.contains("grid_g_per_kwh"),
            "{why}"
        );
        let bad =
            PriceBook::builtin().with_override("bad.yaml", "provider: aws\ngrid_g_per_kwh: -3\n");
        assert!(bad.is_err());
    }
}
