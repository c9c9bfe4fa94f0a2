#!/usr/bin/env python3
"""Four profiles priced by hand, one per cloud and one on owned hardware,
against `advise cost` (issue 17: a FinOps reader who prices a profile from
the vendors' pages gets the tool's figure within 10%).

Written 2026-12 without reading the tool's line items: from the profile's
stated facts, the tool's stated assumptions (docs/cost.md "One capacity
model"; `advise cost --format json` .assumptions), unit prices copied by
hand from prices/*.yaml (Lambda, HTTP API, ALB and the Cloud Run functions
vCPU ratio checked against vendor or third-party pages), and billing rules
from the vendors' docs or, where none was found, docs/cost.md. The unit
prices are copied on purpose: when a sheet changes, this check says so.

Usage: bench/handprice.py [ADVISE]   (ADVISE: the binary, default `advise`
on PATH). Prints each strategy's line items by hand, then hand against
tool, and exits 1 when any gap is over 10%. bench/run.sh runs it.

Conventions (mine, stated):
  H = 730 hours a month (AWS/Azure pricing pages; every sheet says 730).
  1 GB = 1 GiB for memory sizes (512 MB -> 0.5 GB), as vendors bill GiB.
  Load on clouds = average_rps; on owned hardware = peak_rps (docs/cost.md).
  vCPU busy = rps * cpu_ms/1000; provisioned = busy / 0.6 (docs/cost.md).
  The system's load is shared evenly by its services (my reading: the rate
  is "whole system", cpu_ms is "CPU time one request uses").
"""
import json
import math
import os
import subprocess
import sys

H = 730
SEC = H * 3600
TARGET = 0.6
CEIL = lambda x: math.ceil(x - 1e-9)


def line(name, qty, unit, price):
    return (name, qty, unit, price, round(qty * price, 2))


def show(title, lines):
    tot = round(sum(l[4] for l in lines), 2)
    print(f"  {title}: ${tot:,.2f}")
    for n, q, u, p, a in lines:
        print(f"      {n:<58} {q:>16,.4f} {u:<14} x {p:<12g} = {a:>10,.2f}")
    return tot


def tiered(qty, first_price, tiers):
    """Split qty over volume tiers [(from, price), ...] after the first."""
    bounds = [(0, first_price)] + list(tiers)
    cost = 0.0
    for i, (start, price) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else float("inf")
        if qty > start:
            cost += (min(qty, end) - start) * price
    return cost


# ----------------------------------------------------------------- common load
class Load:
    def __init__(s, rps, services, mem_mb, dur_ms=100, cpu_ms=10, call_depth=2):
        s.rps, s.services, s.mem_gb = rps, services, mem_mb / 1024
        s.dur, s.cpu_ms, s.depth = dur_ms / 1000, cpu_ms, call_depth
        s.requests = rps * SEC                      # requests a month
        s.inflight = rps * s.dur                    # Little's law
        s.busy = rps * cpu_ms / 1000                # vCPUs busy
        s.prov = s.busy / TARGET                    # vCPUs provisioned
        s.prov_per_svc = s.prov / services


# ============================================================ AWS (us-east-1)
def alb_lines(L):
    # ALB: $0.0225/h + $0.008/LCU-h; LCU = max of 25 new conn/s, 3000 active
    # conn/min, 1 GB/h processed, 1000 rule evals/s (ELB pricing page, via
    # third-party copies). Only new connections can be derived from the
    # profile: ASSUME one new connection per request (no keep-alive); bytes
    # unknown (data transfer is out of scope in docs/cost.md).
    lcu = L.rps / 25
    return [line("ALB hours", H, "LB-hour", 0.0225),
            line(f"ALB LCUs ({L.rps} new conn/s / 25)", lcu * H, "LCU-hour", 0.008)]


def aws_lambda(L, trigger_http=True, init_ms=300):
    # Lambda: $0.20/M requests; $0.0000166667/GB-s first 6 B GB-s (pricing page).
    # INIT of cold starts billed as duration since 2025-08-01; the tool's stated
    # assumption (docs/cost.md): 1% of invocations, 300 ms (Node/Python).
    gbs = L.requests * L.dur * L.mem_gb
    init_gbs = L.requests * 0.01 * init_ms / 1000 * L.mem_gb
    ls = [line("Lambda requests", L.requests, "request", 0.0000002),
          line("Lambda duration x86", gbs, "GB-s", 0.0000166667),
          line("Lambda INIT duration (1% x 300 ms)", init_gbs, "GB-s", 0.0000166667)]
    if trigger_http:
        # API Gateway HTTP API: $1.00/M first 300 M, $0.90/M after.
        c = tiered(L.requests, 0.000001, [(300e6, 0.0000009)])
        ls.append(("API Gateway HTTP API (tiered)", L.requests, "request", c / L.requests, round(c, 2)))
    return ls


FARGATE_SHAPES = [(0.25, 0.5, 2), (0.5, 1, 4), (1, 2, 8), (2, 4, 16), (4, 8, 30), (8, 16, 60), (16, 32, 120)]


def aws_fargate(L, http=True):
    # Fargate: per vCPU-hour $0.04048, per GB-hour $0.004445 (Linux/x86).
    # Task = smallest shape that holds the memory; tasks per service =
    # max(2 warm, ceil(provisioned vCPU per service / task vCPU)).
    vcpu, gbmin, _ = next(s for s in FARGATE_SHAPES if s[2] >= L.mem_gb)
    gb = max(gbmin, L.mem_gb)
    per_svc = max(2, CEIL(L.prov_per_svc / vcpu))
    tasks = per_svc * L.services
    ls = [line(f"Fargate vCPU ({tasks} tasks x {vcpu})", tasks * vcpu * H, "vCPU-hour", 0.04048),
          line(f"Fargate memory ({tasks} tasks x {gb} GB)", tasks * gb * H, "GB-hour", 0.004445)]
    return ls + (alb_lines(L) if http else [])


AWS_VMS = [  # name, vcpu, GiB, $/h, burst baseline per vCPU or None
    ("t3.small", 2, 2, 0.0208, 0.2), ("t3.medium", 2, 4, 0.0416, 0.2), ("t3.large", 2, 8, 0.0832, 0.3),
    ("m5.large", 2, 8, 0.096, None), ("m5.xlarge", 4, 16, 0.192, None),
    ("m5.2xlarge", 8, 32, 0.384, None), ("m5.4xlarge", 16, 64, 0.768, None)]


def vm_fleet(L, sizes, credit_price=None):
    """Per service: n = max(2, instances the CPU needs), cheapest size.
    Burstable: with a credit price (T3 Unlimited, $0.05/vCPU-h surplus) the
    busy vCPU above the fleet's baseline is billed; without (Azure B-series)
    the size is used only up to its baseline."""
    best = None
    for name, vc, gb, price, base in sizes:
        if gb < L.mem_gb:
            continue
        if base is None:
            n = max(2, CEIL(L.prov_per_svc / vc))
            surplus = 0
        elif credit_price is not None:
            n = 2
            # surplus = busy CPU above the baseline of the 2 instances
            surplus = max(0, L.busy / L.services - n * vc * base)
        else:
            n = max(2, CEIL((L.busy / L.services) / (vc * base)))
            surplus = 0
        cost = n * price * H + surplus * H * (credit_price or 0)
        if best is None or cost < best[0]:
            best = (cost, name, n, price, surplus)
    return best


def aws_ec2(L, http=True):
    cost, name, n, price, surplus = vm_fleet(L, AWS_VMS, credit_price=0.05)
    tot = n * L.services
    ls = [line(f"EC2 {name} ({n} per service x {L.services})", tot * H, "instance-hour", price)]
    if surplus:
        ls.append(line("T3 surplus credits", surplus * L.services * H, "vCPU-hour", 0.05))
    return ls + (alb_lines(L) if http else [])


def pod_request_vcpu(mem_gb):
    # a pod's CPU request = its memory's share of a 4 GB/vCPU node, >= 0.25
    return max(0.25, mem_gb / 4)


def k8s_demand(L, mesh=None):
    """Pods, total vCPU and GB, and one pod's (vCPU, GB) with its proxy."""
    pv = pod_request_vcpu(L.mem_gb)
    per_svc = max(2, CEIL(L.prov_per_svc / pv))
    pods = per_svc * L.services
    v, g = pods * pv, pods * L.mem_gb
    pod = (pv, L.mem_gb)
    if mesh == "linkerd":
        # Linkerd (docs/cost.md, Buoyant 2021): 26 MB per proxy,
        # 0.02 vCPU per 1000 rps per hop; control plane at least 0.5 vCPU, 1 GB
        proxies_v = 0.02 * L.rps / 1000 * L.depth
        v += proxies_v + 0.5
        g += pods * 26 / 1024 + 1.0
        pod = (pv + proxies_v / pods, L.mem_gb + 26 / 1024)
    return pods, v, g, pod


def nodes_for(v, g, sizes, minimum=3, pods=0, pod=(0, 0)):
    """Whole nodes of the cheapest size that hold the total and, a scheduler
    never splitting one, every pod whole."""
    best = None
    for name, vc, gb, price in sizes:
        n = max(minimum, CEIL(v / vc), CEIL(g / gb))
        if pods:
            per_node = math.floor(min(vc / pod[0], gb / pod[1]) + 1e-9)
            n = max(n, CEIL(pods / max(1, per_node)))
        if best is None or n * price < best[0] * 1:
            best = (n * price, name, n, price)
    return best


AWS_NODES = [("m5.large", 2, 8, 0.096), ("m5.xlarge", 4, 16, 0.192),
             ("m5.2xlarge", 8, 32, 0.384), ("m5.4xlarge", 16, 64, 0.768)]


def managed_k8s(L, nodes, cluster_price, lb, mesh=None, http=True, cp_name="control plane"):
    pods, v, g, pod = k8s_demand(L, mesh)
    _, name, n, price = nodes_for(v, g, nodes, pods=pods, pod=pod)
    ls = [line(f"{name} nodes ({pods} pods, {v:.3f} vCPU, {g:.2f} GB)", n * H, "node-hour", price),
          line(cp_name, H, "cluster-hour", cluster_price)]
    return ls + (lb(L) if http else [])


# =============================================================== Azure (eastus)
def azure_lb(L):
    # Azure Load Balancer Standard: $0.025/h first 5 rules (pricing page, per sheet).
    # Data processed ($0.005/GB on the vendor page) not derivable: left out.
    return [line("Azure Load Balancer Standard", H, "LB-hour", 0.025)]


def azure_flex(L):
    # Flex Consumption on demand: $0.40/M executions; $0.000026/GB-s of the
    # INSTANCE memory while the instance executes (MS Learn: "memory
    # provisioned while each on demand instance is actively executing").
    # Instance size that holds 512 MB: 512 MB. 16 concurrent HTTP executions
    # per instance (default). Busy instance time = max(L/c, 1-e^-L) (tool's
    # stated model; at L=77 in flight, L/c dominates: instances are busy all month).
    inst_gb = next(s for s in (0.5, 2, 4) if s >= L.mem_gb)
    busy_instances = max(L.inflight / 16, 1 - math.exp(-L.inflight))
    return [line("Flex executions", L.requests, "execution", 0.0000004),
            line(f"Flex execution time ({busy_instances:.4f} inst x {inst_gb} GB)",
                 busy_instances * inst_gb * SEC, "GB-s", 0.000026)]


SCALER = True  # the default HTTP scale rule (see azure_container_apps)
ACA_SHAPES = [(0.25, 0.5), (0.5, 1), (0.75, 1.5), (1, 2), (1.25, 2.5), (1.5, 3), (1.75, 3.5), (2, 4), (3, 6), (4, 8)]


def azure_container_apps(L):
    # Container Apps consumption: active $0.000024/vCPU-s, $0.000003/GiB-s;
    # idle $0.000003/vCPU-s and /GiB-s ONLY for replicas at the minimum count
    # and not processing (MS techcommunity "Understanding idle usage");
    # $0.40/M requests. Ingress included (no LB).
    # Replicas: max(2 warm, ceil(provisioned vCPU per service / replica vCPU)).
    # At 770 rps every replica takes requests continuously -> active all month.
    # The default HTTP scale rule adds a replica per 10 concurrent requests
    # (MS Learn "Set scaling rules", concurrentRequests default 10), so the
    # replicas running are also at least in-flight / 10 (average,
    # fractional). A first pass by hand missed it (it binds only when
    # replicas are large) and came out 32% under the tool.
    vcpu, gb = next(s for s in ACA_SHAPES if s[1] >= L.mem_gb)
    per_svc = max(2, CEIL(L.prov_per_svc / vcpu))
    r = max(per_svc * L.services, L.inflight / 10 if SCALER else 0)
    return [line(f"ACA vCPU active ({r} replicas x {vcpu})", r * vcpu * H, "vCPU-hour", 0.0864),
            line(f"ACA memory active ({r} x {gb} GiB)", r * gb * H, "GiB-hour", 0.0108),
            line("ACA requests", L.requests, "request", 0.0000004)]


AZ_VMS = [("B2s", 2, 4, 0.0416, 0.2), ("D2s v5", 2, 8, 0.096, None), ("D4s v5", 4, 16, 0.192, None),
          ("D8s v5", 8, 32, 0.384, None), ("D16s v5", 16, 64, 0.768, None)]
AZ_NODES = [(n, v, g, p) for n, v, g, p, b in AZ_VMS if b is None]


def azure_vmss(L, http=True):
    cost, name, n, price, _ = vm_fleet(L, AZ_VMS, credit_price=None)
    tot = n * L.services
    return [line(f"VM {name} ({n} per service x {L.services})", tot * H, "instance-hour", price)] + \
        (azure_lb(L) if http else [])


# ========================================================= GCP (us-central1)
CRF_SHAPES = [(0.083, 0.125), (0.167, 0.25), (0.333, 0.5), (0.583, 1), (1, 2), (2, 4), (2, 8), (4, 16), (8, 32)]


def gcp_cloud_run_functions(L):
    # Cloud Run functions (request-based billing, tier 1): $0.40/M requests,
    # $0.000024/vCPU-s, $0.0000025/GiB-s while an instance serves, rounded up
    # to 100 ms; one request at a time; 1 GiB comes with 0.583 vCPU (Google
    # docs "Configure memory and vCPU limits").
    vcpu, gb = next(s for s in CRF_SHAPES if s[1] >= L.mem_gb)
    billed_s = L.requests * math.ceil(L.dur * 10 - 1e-9) / 10
    return [line("Cloud Run requests", L.requests, "request", 0.0000004),
            line(f"CPU ({vcpu} vCPU x {L.dur}s x requests)", billed_s * vcpu, "vCPU-s", 0.000024),
            line(f"memory ({gb} GiB x {L.dur}s x requests)", billed_s * gb, "GiB-s", 0.0000025)]


GCP_E2 = [("e2-standard-2", 2, 8, 0.067006), ("e2-standard-4", 4, 16, 0.134012),
          ("e2-standard-8", 8, 32, 0.268024), ("e2-standard-16", 16, 64, 0.536048)]


def gcp_lb(L):
    # Cloud Load Balancing: forwarding rule $0.025/h (first 5). Data processed
    # ($0.008/GB on the vendor page) not derivable: left out.
    return [line("Cloud LB forwarding rule", H, "LB-hour", 0.025)]


def gcp_mig(L, http=True):
    sizes = [(n, v, g, p, None) for n, v, g, p in GCP_E2]
    cost, name, n, price, _ = vm_fleet(L, sizes)
    tot = n * L.services
    return [line(f"Compute Engine {name} ({n} per service x {L.services})", tot * H, "instance-hour", price)] + \
        (gcp_lb(L) if http else [])


# ============================================================ own hardware
SERVERS = [("1U 32 vCPU 128 GB", 32, 128, 4800, 5, 118), ("2U 192 vCPU 768 GB", 192, 768, 30000, 5, 708)]


def own_hw(v, g, minimum):
    """Servers for v vCPU and g GB, at least `minimum`, cheapest size; then
    amortisation (price / (12 * life)), power (watts * hours, $0.13962/kWh
    incl. PUE 1.56), space ($184.06 per kW-month), support (10%/yr = 0.0083333
    of the price a month). All from prices/own-hardware.yaml / docs/cost.md."""
    best = None
    for name, vc, gb, price, life, watts in SERVERS:
        n = max(minimum, CEIL(v / vc), CEIL(g / gb))
        monthly = n * price / (12 * life)
        if best is None or monthly < best[0]:
            best = (monthly, name, n, price, life, watts)
    _, name, n, price, life, watts = best
    kw = n * watts / 1000
    return [line(f"servers amortised: {n} x {name}", n / (12 * life), "server", price),
            line("power with cooling", kw * H, "kWh", 0.13962),
            line("data-centre space", kw, "kW-month", 184.06),
            line("hardware support", n * price, "USD of servers", 0.0083333)]


def onprem_instances(L):
    # processes: 2 per service at least (each holds the memory); servers hold
    # the peak's provisioned vCPU and every process's memory; at least 2.
    procs = 2 * L.services
    return own_hw(L.prov, procs * L.mem_gb, 2)


def onprem_k8s(L, mesh=None):
    # self-run Kubernetes: the pods (as on a cloud) plus three control-plane
    # machines of 2 vCPU and 2 GB (kubeadm HA) on the servers; at least 3.
    pods, v, g, _ = k8s_demand(L, mesh)
    return own_hw(v + 6, g + 6, 3)


# =================================================================== profiles
def main():
    out = {}
    print("AWS: examples/case-mcdonalds-ecs.yaml (us-east-1)")
    L = Load(rps=139, services=5, mem_mb=512)  # services, memory, depth: defaults
    print(f"  load: {L.requests:,.0f} req/month, {L.inflight:.2f} in flight, "
          f"{L.busy:.3f} vCPU busy, {L.prov:.4f} provisioned")
    out["aws"] = {
        "container": show("container = ECS on Fargate", aws_fargate(L)),
        "multi-instance": show("multi-instance = EC2 ASGs", aws_ec2(L)),
        "service-mesh": show("service-mesh = Linkerd on EKS",
                             managed_k8s(L, AWS_NODES, 0.10, alb_lines, mesh="linkerd", cp_name="EKS")),
        "serverless": show("serverless = Lambda + HTTP API", aws_lambda(L)),
    }

    print("\nAzure: examples/case-hibp-azure-functions.yaml (eastus)")
    L = Load(rps=770, services=1, mem_mb=512)
    print(f"  load: {L.requests:,.0f} req/month, {L.inflight:.2f} in flight, "
          f"{L.busy:.3f} vCPU busy, {L.prov:.4f} provisioned")
    out["azure"] = {
        "multi-instance": show("multi-instance = VM Scale Sets", azure_vmss(L)),
        "serverless": show("serverless = Functions Flex Consumption", azure_flex(L)),
        "container": show("container = Container Apps", azure_container_apps(L)),
        "service-mesh": show("service-mesh = Linkerd on AKS",
                             managed_k8s(L, AZ_NODES, 0.10, azure_lb, mesh="linkerd", cp_name="AKS Standard")),
    }

    print("\nGCP: examples/enterprise-api.yaml --set system.cloud=gcp (us-central1)")
    L = Load(rps=300, services=18, mem_mb=1024)
    print(f"  load: {L.requests:,.0f} req/month, {L.inflight:.2f} in flight, "
          f"{L.busy:.3f} vCPU busy, {L.prov:.4f} provisioned")
    out["gcp"] = {
        "container": show("container = GKE Standard",
                          managed_k8s(L, GCP_E2, 0.10, gcp_lb, cp_name="GKE fee")),
        "service-mesh": show("service-mesh = Linkerd on GKE",
                             managed_k8s(L, GCP_E2, 0.10, gcp_lb, mesh="linkerd", cp_name="GKE fee")),
        "serverless": show("serverless = Cloud Run functions", gcp_cloud_run_functions(L)),
        "multi-instance": show("multi-instance = Compute Engine MIGs", gcp_mig(L)),
    }

    print("\nOn-premises: examples/factory-on-prem.yaml (own hardware, sized for the PEAK)")
    L = Load(rps=150, services=6, mem_mb=2048)   # peak_rps 150
    print(f"  peak load: {L.busy:.3f} vCPU busy, {L.prov:.4f} provisioned")
    out["onprem"] = {
        "multi-instance": show("multi-instance = own servers", onprem_instances(L)),
        "container": show("container = self-run Kubernetes", onprem_k8s(L)),
        "service-mesh": show("service-mesh = Linkerd on self-run k8s", onprem_k8s(L, mesh="linkerd")),
        "serverless": show("serverless = Knative/OpenFaaS on own cluster", onprem_k8s(L)),
    }
    return out


# The profiles as `advise cost` is run on them, by the keys of main().
PROFILES = {
    "aws": ["examples/case-mcdonalds-ecs.yaml"],
    "azure": ["examples/case-hibp-azure-functions.yaml"],
    "gcp": ["examples/enterprise-api.yaml", "--set", "system.cloud=gcp"],
    "onprem": ["examples/factory-on-prem.yaml"],
}


def compare(hand, advise):
    """Hand against tool, per strategy; the number of gaps over 10%."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    print("\nhand against the tool (advise cost --format json):")
    print(f"  {'profile':<8} {'strategy':<16} {'hand':>12} {'tool':>12} {'gap':>7}")
    over = 0
    for key, args in PROFILES.items():
        out = subprocess.run([advise, "cost", *args, "--format", "json"],
                             capture_output=True, text=True, cwd=root, check=True)
        tool = {s["strategy"]: s["monthly"] for s in json.loads(out.stdout)["strategies"]}
        for strategy, h in hand[key].items():
            t = tool[strategy]
            gap = (t - h) / h * 100 if h else 0.0
            over += abs(gap) > 10
            flag = "  over 10%" if abs(gap) > 10 else ""
            print(f"  {key:<8} {strategy:<16} {h:>12,.2f} {t:>12,.2f} {gap:>6.1f}%{flag}")
    return over


if __name__ == "__main__":
    hand = main()
    over = compare(hand, sys.argv[1] if len(sys.argv) > 1 else "advise")
    print(f"\n{over} gap{'s' if over != 1 else ''} over 10%")
    sys.exit(1 if over else 0)
