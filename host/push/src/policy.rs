//! Where webhooks may point: `http` or `https` URLs whose addresses are public, unless
//! `[push] allow_ranges` lists a range. Checked when a config is registered (a clear early
//! error) and again for every delivery, on the addresses the name resolves to then (a name
//! that later resolves somewhere denied is refused). Redirects are never followed.
//!
//! Denied unless allowed: loopback, private (RFC 1918, IPv6 unique-local), link-local (the
//! cloud metadata address 169.254.169.254 among them), shared (CGNAT), unspecified,
//! broadcast, multicast and reserved addresses, and IPv4 addresses written as IPv6
//! (mapped, NAT64) when their IPv4 address is denied.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use ipnet::IpNet;
use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// The ranges allowed although denied by default.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    allow: Arc<Vec<IpNet>>,
}

impl Policy {
    /// A policy allowing `allow` beside the public addresses.
    pub fn new(allow: Vec<IpNet>) -> Self {
        Self {
            allow: Arc::new(allow),
        }
    }

    /// Why `ip` may not be delivered to, if it may not.
    pub fn check(&self, ip: IpAddr) -> Result<(), String> {
        if self.allow.iter().any(|net| net.contains(&ip)) {
            return Ok(());
        }
        match denied(ip) {
            Some(kind) => Err(format!(
                "{ip} is a {kind} address; webhooks must be public (or in [push] allow_ranges)"
            )),
            None => Ok(()),
        }
    }

    /// Checks a webhook URL: its scheme, and the addresses its host resolves to now.
    pub async fn check_url(&self, url: &str) -> Result<Url, String> {
        let parsed = Url::parse(url).map_err(|e| format!("webhook url {url:?}: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!(
                "webhook url {url:?}: scheme {:?} is not http or https",
                parsed.scheme()
            ));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(format!(
                "webhook url {url:?}: credentials belong in `authentication`, not the URL"
            ));
        }
        let host = parsed
            .host_str()
            .ok_or_else(|| format!("webhook url {url:?} has no host"))?;
        let port = parsed.port_or_known_default().unwrap_or(80);
        match self.addresses(host.trim_matches(['[', ']']), port).await {
            Ok(addrs) if addrs.is_empty() => {
                return Err(format!("webhook host {host} resolves to no address"));
            }
            Ok(_) => {}
            // A name that does not resolve now is not refused: it may resolve later, and
            // every delivery checks it again.
            Err(e) if e.starts_with("cannot resolve") => tracing::debug!(error = %e, "push"),
            Err(e) => return Err(e),
        }
        Ok(parsed)
    }

    /// The webhook URL for a delivery; refused when its host is an address that is denied
    /// (a name is checked when the client resolves it).
    pub(crate) fn check_literal(&self, url: &str) -> Result<Url, String> {
        let parsed = Url::parse(url).map_err(|e| format!("webhook url {url:?}: {e}"))?;
        match parsed.host() {
            Some(url::Host::Ipv4(ip)) => self.check(IpAddr::V4(ip))?,
            Some(url::Host::Ipv6(ip)) => self.check(IpAddr::V6(ip))?,
            _ => {}
        }
        Ok(parsed)
    }

    /// The allowed addresses `host` resolves to; an error if it resolves only to denied
    /// ones (naming the first).
    async fn addresses(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
        if let Ok(ip) = host.parse::<IpAddr>() {
            self.check(ip)?;
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        let found: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| format!("cannot resolve webhook host {host}: {e}"))?
            .collect();
        let mut first_denial = None;
        let allowed: Vec<SocketAddr> = found
            .into_iter()
            .filter(|a| match self.check(a.ip()) {
                Ok(()) => true,
                Err(e) => {
                    first_denial.get_or_insert(e);
                    false
                }
            })
            .collect();
        match (allowed.is_empty(), first_denial) {
            (true, Some(e)) => Err(format!("webhook host {host}: {e}")),
            _ => Ok(allowed),
        }
    }
}

/// The resolver of the delivery client: only allowed addresses reach the connector, so a
/// name is checked on the addresses it is connected to.
impl Resolve for Policy {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.clone();
        Box::pin(async move {
            let addrs = policy
                .addresses(name.as_str(), 0)
                .await
                .map_err(|e| -> Box<dyn std::error::Error + Send + Sync> { e.into() })?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// What kind of non-public address `ip` is, if it is one.
fn denied(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => denied_v4(v4),
        IpAddr::V6(v6) => denied_v6(v6),
    }
}

fn denied_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    Some(match () {
        _ if ip.is_loopback() => "loopback",
        _ if ip.is_private() => "private",
        _ if ip.is_link_local() => "link-local (cloud metadata among them)",
        _ if a == 100 && (64..128).contains(&b) => "shared (CGNAT)",
        _ if ip.is_unspecified() || a == 0 => "unspecified",
        _ if ip.is_broadcast() || ip.is_multicast() || a >= 240 => {
            "broadcast, multicast or reserved"
        }
        _ if a == 192 && b == 0 && ip.octets()[2] == 0 => "IETF protocol",
        _ => return None,
    })
}

fn denied_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    if let Some(v4) = ip.to_ipv4_mapped() {
        return denied_v4(v4);
    }
    if ip.segments()[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let o = ip.octets();
        return denied_v4(Ipv4Addr::new(o[12], o[13], o[14], o[15]));
    }
    Some(match () {
        _ if ip.is_loopback() => "loopback",
        _ if ip.is_unspecified() => "unspecified",
        _ if first & 0xfe00 == 0xfc00 => "private (unique local)",
        _ if first & 0xffc0 == 0xfe80 => "link-local",
        _ if ip.is_multicast() => "multicast",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_private_link_local_and_metadata_are_denied_unless_allowed() {
        let deny = Policy::default();
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "0.0.0.0",
            "100.64.0.1",
        ] {
            assert!(deny.check(ip.parse().expect("ip")).is_err(), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1111"] {
            assert!(deny.check(ip.parse().expect("ip")).is_ok(), "{ip}");
        }
        let allow = Policy::new(vec!["127.0.0.0/8".parse().expect("net")]);
        assert!(allow.check("127.0.0.1".parse().expect("ip")).is_ok());
        assert!(allow.check("10.0.0.1".parse().expect("ip")).is_err());
    }

    #[tokio::test]
    async fn urls_are_checked_for_scheme_credentials_and_address() {
        let deny = Policy::default();
        assert!(deny.check_url("ftp://example.com/").await.is_err());
        assert!(deny.check_url("http://u:p@93.184.216.34/").await.is_err());
        let e = deny
            .check_url("http://localhost:9/hook")
            .await
            .expect_err("loopback");
        assert!(e.contains("loopback"), "{e}");
        assert!(deny.check_url("http://93.184.216.34/hook").await.is_ok());
    }
}
