package org.cncertrelay.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.cncertrelay.metrics.RelayMetrics;
import org.cncertrelay.page.PageProblem;
import org.cncertrelay.page.PageRejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPolicyTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HostPolicy policy = new HostPolicy(Set.of("mp.weixin.qq.com", "127.0.0.1:8080", "localhost",
            "10.1.2.3"), new RelayMetrics(registry));

    @ParameterizedTest
    @CsvSource({
        "https://mp.weixin.qq.com/s?__biz=x, ",
        "http://mp.weixin.qq.com:8443/s, ",
        "http://127.0.0.1:8080/s, ",
        "http://127.0.0.1/s, host",
        "http://127.0.0.1:8081/s, host",
        "http://127.0.0.2:8080/s, host",
        "https://evil.example/mp.weixin.qq.com, host",
        "http://mp.weixin.qq.com.evil.example/s, host",
        "ftp://mp.weixin.qq.com/s, scheme",
        "file:///etc/passwd, scheme",
        "javascript:alert(1), scheme"})
    void aFoundLinkNeedsHttpAndAnAllowedHost(String link, String refusedFor) {
        assertThat(policy.refuseLink(URI.create(link)).isPresent()).as(link).isEqualTo(refusedFor != null);
        if (refusedFor != null) {
            assertThat(refused(refusedFor)).isEqualTo(1.0);
        }
    }

    @Test
    void aPrivateAddressIsRequestedOnlyWhenTheAllowListNamesThatAddress() throws Exception {
        assertThatCode(() -> policy.checkRequest(URI.create("http://127.0.0.1:8080/s"))).doesNotThrowAnyException();
        assertThatCode(() -> policy.checkRequest(URI.create("http://10.1.2.3/s"))).doesNotThrowAnyException();
        // allowed by name, but the name resolves to loopback, and 127.0.0.1 is named for port 8080 only
        assertThatThrownBy(() -> policy.checkRequest(URI.create("http://localhost:9/s")))
                .isInstanceOf(PageRejected.class)
                .hasMessageContaining("localhost:9 resolves to the loopback address 127.0.0.1")
                .extracting(e -> ((PageRejected) e).problem()).isEqualTo(PageProblem.REFUSED);
        assertThat(refused("address")).isEqualTo(1.0);
        // the host check comes first: no lookup for a host that is not allowed
        assertThatThrownBy(() -> policy.checkRequest(URI.create("http://192.168.1.1/"))).hasMessageContaining(
                "not in reports.allowed-hosts");
    }

    @Test
    void specialRanges() throws Exception {
        for (String address : new String[] {"127.0.0.1", "::1", "169.254.169.254", "fe80::1", "10.0.0.1",
            "172.16.0.1", "192.168.0.1", "fd00::1", "100.64.0.1", "224.0.0.1", "ff02::1", "0.0.0.0", "::"}) {
            assertThat(HostPolicy.specialRange(InetAddress.getByName(address))).as(address).isNotNull();
        }
        for (String address : new String[] {"101.91.37.16", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1"}) {
            assertThat(HostPolicy.specialRange(InetAddress.getByName(address))).as(address).isNull();
        }
    }

    @Test
    void aConfiguredSourceMayRedirectWithinItsHostOnly() {
        URI source = URI.create("http://feeds.example:8000/feed.xml");
        assertThatCode(() -> policy.checkRedirect(source, true, URI.create("http://feeds.example:8000/new.xml")))
                .doesNotThrowAnyException();
        assertThatCode(() -> policy.checkRedirect(source, true, URI.create("https://feeds.example/feed.xml")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.checkRedirect(source, true, URI.create("http://feeds.example:9000/x")))
                .hasMessage("redirected to feeds.example:9000, not followed: host feeds.example:9000 is not in "
                        + "reports.allowed-hosts");
        assertThatThrownBy(() -> policy.checkRedirect(source, true, URI.create("http://other.example/x?token=s3")))
                .hasMessageNotContaining("token");
        assertThatThrownBy(() -> policy.checkRedirect(source, true, URI.create("file:///etc/passwd")))
                .hasMessageStartingWith("redirected to file:, not followed");
        // a link found in a page has no host of its own to redirect within
        URI found = URI.create("http://feeds.example:8000/s");
        assertThatThrownBy(() -> policy.checkRedirect(found, false, URI.create("http://feeds.example:8000/t")))
                .isInstanceOf(PageRejected.class);
    }

    private double refused(String reason) {
        var counter = registry.find("relay.links.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
