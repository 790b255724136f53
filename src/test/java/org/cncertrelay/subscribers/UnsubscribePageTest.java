package org.cncertrelay.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.cncertrelay.i18n.Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unsubscribe page on its real listener, asked as a mail client's one-click POST and a reader's browser. */
class UnsubscribePageTest {

    private static final String SECRET = "c2VjcmV0LW9mLXRoZS10ZXN0LWxpc3Q";
    private static final String LIST = "cncert-digest.example.org";
    private static final Instant NOW = Instant.parse("2026-03-02T01:00:00Z");

    @TempDir
    Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private SubscriberList subscribers;
    private UnsubscribeTokens tokens;
    private UnsubscribePage page;
    private String base;

    @BeforeEach
    void start() throws Exception {
        subscribers = new FileSubscriberList(dataDir);
        subscribers.subscribe(new InternetAddress("alice@example.org"), "zh-CN", "cli", NOW);
        subscribers.subscribe(new InternetAddress("Bob <bob@example.net>"), "en", "cli", NOW);
        tokens = new UnsubscribeTokens(SECRET, LIST, URI.create("https://relay.example.org/digest/unsubscribe"));
        page = UnsubscribePage.start(new InetSocketAddress("127.0.0.1", 0), tokens, subscribers, Messages.chinese(),
                Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        base = "http://127.0.0.1:" + page.port() + "/digest/unsubscribe";
    }

    @AfterEach
    void stop() {
        page.close();
    }

    @Test
    void oneClickPostWithAGoodTokenUnsubscribesAndAReusedOneChangesNothingMore() throws Exception {
        String url = base + "?token=" + tokens.token("alice@example.org");

        HttpResponse<String> first = oneClick(url);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("alice@example.org 已退订");
        Subscriber alice = subscribers.find("alice@example.org").orElseThrow();
        assertThat(alice.state()).isEqualTo(Subscriber.State.UNSUBSCRIBED);
        assertThat(alice.how()).isEqualTo("one-click");
        assertThat(alice.since()).isEqualTo(NOW.plusSeconds(60));

        HttpResponse<String> again = oneClick(url);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(subscribers.find("alice@example.org").orElseThrow()).isEqualTo(alice);
        assertThat(subscribers.find("bob@example.net").orElseThrow().active()).isTrue();
    }

    @Test
    void forgedOrMalformedTokensGet4xxAndChangeNothing() throws Exception {
        String genuine = tokens.token("alice@example.org");
        String otherSecret = new UnsubscribeTokens("another-secret-of-22-chars", LIST, URI.create("https://x/u"))
                .token("bob@example.net");
        String otherList = new UnsubscribeTokens(SECRET, "another.list", URI.create("https://x/u"))
                .token("bob@example.net");
        // alice's signature under bob's address
        String swapped = Base64.getUrlEncoder().withoutPadding().encodeToString("bob@example.net".getBytes())
                + genuine.substring(genuine.indexOf('.'));

        for (String forged : new String[] {otherSecret, otherList, swapped}) {
            assertThat(oneClick(base + "?token=" + forged).statusCode()).as(forged).isEqualTo(403);
        }
        assertThat(oneClick(base + "?token=not-a-token").statusCode()).isEqualTo(403);
        assertThat(oneClick(base + "?token=").statusCode()).isEqualTo(400);
        assertThat(oneClick(base).statusCode()).isEqualTo(400);
        assertThat(oneClick("http://127.0.0.1:" + page.port() + "/digest/unsubscribe-other?token=" + genuine)
                .statusCode()).isEqualTo(404);
        assertThat(subscribers.all()).allMatch(Subscriber::active);
    }

    @Test
    void getShowsAConfirmationPageInTheSubscribersLanguageAndChangesNothing() throws Exception {
        String url = base + "?token=" + tokens.token("bob@example.net");
        HttpResponse<String> shown = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(shown.body()).contains("<html lang=\"en\"", "bob@example.net will receive no further CNCERT "
                + "bulletin digest", "<form method=\"post\"", ">Unsubscribe</button>");
        assertThat(subscribers.find("bob@example.net").orElseThrow().active()).isTrue();

        // the button posts the form (no one-click body): recorded as the link's
        HttpResponse<String> confirmed = http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(confirmed.body()).contains("bob@example.net is unsubscribed");
        assertThat(subscribers.find("bob@example.net").orElseThrow().how()).isEqualTo("link");

        HttpResponse<String> chinese = http.send(HttpRequest.newBuilder(URI.create(base + "?token="
                + tokens.token("alice@example.org"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chinese.body()).contains("<html lang=\"zh-CN\"", "alice@example.org 将不再收到网络安全周报摘要",
                ">确认退订</button>");
    }

    private HttpResponse<String> oneClick(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
