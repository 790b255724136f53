package org.cncertrelay.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.cncertrelay.metrics.RelayMetrics;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;

/**
 * Which URLs the relay may request besides the ones in its own configuration: links found in feeds and pages and
 * every redirect hop. Such a URL must be http(s), its host must be in {@code reports.allowed-hosts} (a host allows
 * every port, {@code host:port} that port only), and the address it resolves to must not be loopback, link-local,
 * private, shared (100.64/10) or multicast unless the allow-list names that very address ({@code 127.0.0.1} or
 * {@code 127.0.0.1:8080}): allowing a name is not enough, because what a name resolves to can change.
 * Each refusal is counted in {@code relay_links_refused_total{reason}}; the caller logs it.
 */
public final class HostPolicy {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> allowedHosts;
    /** The IP addresses the allow-list names, as {@code address} or {@code address:port}. */
    private final Set<String> namedAddresses = new HashSet<>();
    private final RelayMetrics metrics;

    public HostPolicy(Set<String> allowedHosts, RelayMetrics metrics) {
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.metrics = metrics;
        for (String entry : allowedHosts) {
            String host = entry;
            String port = "";
            int colon = entry.lastIndexOf(':');
            if (entry.startsWith("[") ? entry.contains("]:") : colon > 0 && entry.indexOf(':') == colon) {
                host = entry.substring(0, colon);
                port = entry.substring(colon);
            }
            String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (IPV4.matcher(literal).matches() || literal.contains(":")) {
                try {
                    // a literal: no lookup happens
                    namedAddresses.add(InetAddress.getByName(literal).getHostAddress() + port);
                } catch (UnknownHostException notAnAddress) {
                    // not an address after all; it still allows the host of that name
                }
            }
        }
    }

    /**
     * Why a link found in a feed or a page may not be queued, or empty when it may: scheme and allow-list only,
     * no DNS lookup (the address is checked when the request is made).
     */
    public Optional<String> refuseLink(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return refused("scheme", "not http(s)");
        }
        String host = host(uri);
        if (host.isEmpty() || !allowedHosts.contains(host) && !allowedHosts.contains(host + ":" + port(uri))) {
            return refused("host", "host " + hostAndPort(uri) + " is not in reports.allowed-hosts");
        }
        return Optional.empty();
    }

    /**
     * Before a request to a URL the relay did not take from its configuration: {@link #refuseLink} plus the
     * address check. The name is resolved here, before connecting; the connection then gets the same answer from
     * the JVM's DNS cache.
     */
    void checkRequest(URI uri) throws PageRejected {
        Optional<String> refusal = refuseLink(uri);
        if (refusal.isPresent()) {
            throw new PageRejected(PageProblem.REFUSED, refusal.get());
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host(uri));
        } catch (UnknownHostException e) {
            throw new PageRejected(PageProblem.NETWORK, "host name not resolved (no network or DNS?)");
        }
        String range = specialRange(address);
        String named = address.getHostAddress();
        if (range != null && !namedAddresses.contains(named) && !namedAddresses.contains(named + ":" + port(uri))) {
            throw new PageRejected(PageProblem.REFUSED, refused("address", "host " + hostAndPort(uri)
                    + " resolves to the " + range + " address " + named + ", which reports.allowed-hosts does not "
                    + "name").orElseThrow());
        }
    }

    /**
     * Before following a redirect of a request to {@code origin} (configured or not) to {@code hop}: a configured
     * source may redirect within its own host (its port, or the default port, as from http to https); every other
     * hop is checked like a found link.
     */
    void checkRedirect(URI origin, boolean configured, URI hop) throws PageRejected {
        String scheme = hop.getScheme() == null ? "" : hop.getScheme().toLowerCase(Locale.ROOT);
        boolean web = scheme.equals("http") || scheme.equals("https");
        if (configured && web && host(hop).equals(host(origin))
                && (hop.getPort() < 0 || port(hop) == port(origin))) {
            return;
        }
        try {
            checkRequest(hop);
        } catch (PageRejected refused) {
            throw new PageRejected(refused.problem(), "redirected to " + (web ? hostAndPort(hop) : scheme + ":")
                    + ", not followed: " + refused.getMessage());
        }
    }

    private Optional<String> refused(String reason, String detail) {
        metrics.linksRefused(reason, 1);
        return Optional.of(detail);
    }

    /** The range a special-purpose address is in, or null for a public one. */
    static String specialRange(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (address.isAnyLocalAddress() || address instanceof Inet4Address && bytes[0] == 0) {
            return "unspecified";
        }
        if (address.isSiteLocalAddress() || address instanceof Inet6Address && (bytes[0] & 0xFE) == 0xFC) {
            return "private";
        }
        if (address instanceof Inet4Address && bytes[0] == 100 && (bytes[1] & 0xC0) == 64) {
            return "shared (carrier-grade NAT)";
        }
        return null;
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** For log lines: never the path or query, which may carry a token. */
    private static String hostAndPort(URI uri) {
        return host(uri) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }
}
