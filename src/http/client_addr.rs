//! The client's address behind reverse proxies. The peer of a connection is the client unless
//! it is one of `TRUSTED_PROXIES`: then the client is the right-most address of
//! `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it saw,
//! so everything left of that is whatever the client chose to send), or, without
//! `X-Forwarded-For`, the same in the `for=` parameters of `Forwarded` (RFC 7239). An
//! untrusted peer's headers are never read, so a client cannot pick its own rate-limit key.

use std::{
    net::{IpAddr, SocketAddr},
    str::FromStr,
};

use axum::http::{HeaderMap, HeaderName, header::FORWARDED};
use ipnet::IpNet;

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The proxies whose forwarding headers are believed (`TRUSTED_PROXIES`): comma-separated
/// addresses (`10.0.0.7`, `::1`) or networks (`10.0.0.0/8`, `fd00::/8`); empty (the default)
/// trusts nobody.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                if let Ok(net) = entry.parse::<IpNet>() {
                    return Ok(net.trunc());
                }
                entry
                    .parse::<IpAddr>()
                    .map(IpNet::from)
                    .map_err(|_| format!("`{entry}` is neither an IP address nor a CIDR network"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

impl std::fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&list.join(","))
    }
}

impl TrustedProxies {
    /// True when `ip` is a trusted proxy (an IPv4-mapped IPv6 address counts as its IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address for a request that arrived from `peer` with `headers`.
    pub fn client_addr(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.contains(peer) {
            return peer;
        }
        let hops = if headers.contains_key(X_FORWARDED_FOR) {
            forwarded_for(headers)
        } else {
            forwarded(headers)
        };
        self.first_untrusted(hops).unwrap_or(peer)
    }

    /// Walks the hops from the right (the nearest proxy's entry) past trusted proxies. The
    /// first other entry is the client, or, if a trusted proxy wrote something that is not
    /// an address, nobody (the peer stands in). When every hop is a trusted proxy, the
    /// left-most one is the client (a caller inside the trusted network).
    fn first_untrusted(&self, hops: Vec<Option<IpAddr>>) -> Option<IpAddr> {
        let mut leftmost = None;
        for hop in hops.into_iter().rev() {
            let ip = hop?.to_canonical();
            if !self.contains(ip) {
                return Some(ip);
            }
            leftmost = Some(ip);
        }
        leftmost
    }
}

/// The entries of every `X-Forwarded-For` line, in order; `None` for one that is not an address.
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all(X_FORWARDED_FOR)
        .iter()
        .flat_map(|line| match line.to_str() {
            Ok(line) => line.split(',').map(node).collect(),
            Err(_) => vec![None],
        })
        .collect()
}

/// The `for=` node of each element of every `Forwarded` line, in order (an element without
/// `for=` is not an address).
fn forwarded(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all(FORWARDED)
        .iter()
        .flat_map(|line| match line.to_str() {
            Ok(line) => split_unquoted(line, ',')
                .into_iter()
                .map(|element| {
                    split_unquoted(element, ';')
                        .into_iter()
                        .find_map(|pair| {
                            let (name, value) = pair.split_once('=')?;
                            name.trim()
                                .eq_ignore_ascii_case("for")
                                .then(|| node(value.trim().trim_matches('"')))
                        })
                        .flatten()
                })
                .collect(),
            Err(_) => vec![None],
        })
        .collect()
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]` or `[2001:db8::1]:4711`. `unknown` and obfuscated names are not addresses.
fn node(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Some(addr.ip());
    }
    text.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
}

/// Splits at `separator` outside double quotes (RFC 7239 values may be quoted strings).
fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn proxies(list: &[&str]) -> TrustedProxies {
        list.join(",").parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks_separated_by_commas() {
        let parse = |s: &str| s.parse::<TrustedProxies>().map(|p| p.to_string());
        assert_eq!(
            parse(" 10.0.0.7, 10.1.2.3/8 ,fd00::1,fd00::/8"),
            Ok("10.0.0.7/32,10.0.0.0/8,fd00::1/128,fd00::/8".into())
        );
        // An empty setting (`TRUSTED_PROXIES=`) trusts nobody.
        assert_eq!(parse(""), Ok(String::new()));
        assert_eq!(parse(" , "), Ok(String::new()));
        assert!(parse("10.0.0.1,proxy.internal").is_err());
        assert!(parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn with_no_trusted_proxy_the_peer_is_the_client_whatever_the_headers_say() {
        let none = TrustedProxies::default();
        let h = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=203.0.113.9"),
        ]);
        assert_eq!(none.client_addr(ip("10.0.0.7"), &h), ip("10.0.0.7"));
    }

    #[test]
    fn an_untrusted_peers_forwarding_headers_are_ignored() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            trusted.client_addr(ip("198.51.100.4"), &h),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_entry() {
        let trusted = proxies(&["10.0.0.0/8", "192.0.2.10"]);
        // The client sent a made-up entry; the edge proxy appended the real address, an
        // inner proxy appended the edge's.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9 , 192.0.2.10")]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("203.0.113.9"));
        // Several header lines are one list, in order.
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "203.0.113.9, 10.0.0.8"),
        ]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn ports_brackets_and_mapped_addresses_are_read() {
        let trusted = proxies(&["10.0.0.0/8", "fd00::/8"]);
        let h = headers(&[("x-forwarded-for", "203.0.113.9:4711")]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("203.0.113.9"));
        let h = headers(&[("x-forwarded-for", "[2001:db8::1]:4711, fd00::2")]);
        assert_eq!(trusted.client_addr(ip("fd00::3"), &h), ip("2001:db8::1"));
        // A dual-stack listener sees an IPv4 proxy as ::ffff:10.0.0.7.
        let h = headers(&[("x-forwarded-for", "::ffff:203.0.113.9")]);
        assert_eq!(
            trusted.client_addr(ip("::ffff:10.0.0.7"), &h),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_malformed_entry_where_the_client_should_be_leaves_the_peer() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-for", "203.0.113.9, not-an-ip")]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("10.0.0.7"));
        // Garbage left of the client's entry does not matter.
        let h = headers(&[("x-forwarded-for", "garbage, 203.0.113.9")]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("203.0.113.9"));
        // A trusted proxy that forwarded nothing: the proxy is the client.
        assert_eq!(
            trusted.client_addr(ip("10.0.0.7"), &HeaderMap::new()),
            ip("10.0.0.7")
        );
    }

    #[test]
    fn when_every_hop_is_trusted_the_left_most_one_is_the_client() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-for", "10.1.1.1, 10.2.2.2")]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("10.1.1.1"));
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let h = headers(&[(
            "forwarded",
            r#"for=1.2.3.4, For="[2001:db8:cafe::17]:4711";proto=https;by=10.0.0.7, for=10.0.0.9"#,
        )]);
        assert_eq!(
            trusted.client_addr(ip("10.0.0.7"), &h),
            ip("2001:db8:cafe::17")
        );
        let h = headers(&[("forwarded", "proto=https;for=203.0.113.9;host=\"a,b\"")]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("203.0.113.9"));
        // `unknown` and obfuscated identifiers are not addresses.
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("10.0.0.7"));
        let h = headers(&[("forwarded", "for=_hidden, for=10.0.0.9")]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("10.0.0.7"));
        // With both headers, X-Forwarded-For decides.
        let h = headers(&[
            ("forwarded", "for=198.51.100.1"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(trusted.client_addr(ip("10.0.0.7"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn quoted_separators_do_not_split_forwarded_elements() {
        assert_eq!(
            split_unquoted(r#"a="x,y", b"#, ','),
            vec![r#"a="x,y""#, " b"]
        );
        assert_eq!(
            split_unquoted(r#"a="x\",y";b"#, ';'),
            vec![r#"a="x\",y""#, "b"]
        );
    }
}
