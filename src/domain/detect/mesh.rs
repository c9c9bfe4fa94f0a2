//! Service meshes in Kubernetes manifests: Istio sidecar injection (the
//! namespace label `istio-injection: enabled`, the pod annotation or label
//! `sidecar.istio.io/inject: "true"`), Istio's ambient mode
//! (`istio.io/dataplane-mode: ambient`), Istio's resources
//! (`*.istio.io`: PeerAuthentication, VirtualService, AuthorizationPolicy,
//! ...), Linkerd's injection annotation (`linkerd.io/inject: enabled`) and
//! Linkerd's resources (`*.linkerd.io`).

use super::{Detection, Evidence, entries, get, get_path, line_of, str_at, str_of};
use crate::text::yaml::Node;

pub(super) fn read(found: &mut Detection, path: &str, doc: &Node, api: &str, kind: &str) {
    let mut signal = |what: String, line: u32| {
        found.mesh.push(Evidence {
            what,
            path: path.to_owned(),
            line,
        })
    };
    let group = api.split('/').next().unwrap_or("");
    if group.ends_with("istio.io") {
        signal(format!("istio: {kind}"), line_of(doc, "kind"));
    } else if group.ends_with("linkerd.io") {
        signal(format!("linkerd: {kind}"), line_of(doc, "kind"));
    }
    // The object's own metadata (a Namespace) and its pod template's.
    let metas = [
        get(doc, "metadata"),
        get_path(doc, &["spec", "template", "metadata"]),
        get_path(
            doc,
            &["spec", "jobTemplate", "spec", "template", "metadata"],
        ),
    ];
    for meta in metas.into_iter().flatten() {
        for section in ["labels", "annotations"] {
            for e in get(meta, section).map(entries).unwrap_or(&[]) {
                let value = str_of(&e.value).unwrap_or("");
                let what = match (e.key.as_str(), value) {
                    ("istio-injection", "enabled") => "istio: sidecar injection (namespace label)",
                    ("sidecar.istio.io/inject", "true") => "istio: sidecar injection",
                    ("istio.io/dataplane-mode", "ambient") => "istio: ambient mode",
                    ("istio.io/rev", _) if kind == "Namespace" => {
                        "istio: sidecar injection (revision label)"
                    }
                    ("linkerd.io/inject", "enabled") => "linkerd: proxy injection",
                    _ => continue,
                };
                signal(what.to_owned(), e.key_loc.line);
            }
        }
    }
    if group == "security.istio.io"
        && kind == "PeerAuthentication"
        && str_at(doc, &["spec", "mtls", "mode"]) == Some("STRICT")
    {
        let line = get_path(doc, &["spec", "mtls"]).map_or(0, |m| line_of(m, "mode"));
        found.mtls.push(Evidence {
            what: "istio: PeerAuthentication STRICT".into(),
            path: path.to_owned(),
            line,
        });
    }
}
