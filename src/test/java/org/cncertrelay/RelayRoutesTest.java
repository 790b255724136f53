package org.cncertrelay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.cncertrelay.config.RelayConfig;
import org.cncertrelay.testing.Issue;
import org.cncertrelay.testing.PageServer;
import org.cncertrelay.testing.Relay;
import org.junit.jupiter.api.Test;

/**
 * The application's own routes (routes/*.camel.yaml) and a user sink route (the shipped feed sink) on Camel Main,
 * with the relay's beans and settings, the Camel way: AdviceWith weaves a failing, slow or recording endpoint in
 * place of a step by its id, NotifyBuilder waits for the routes. A poll finds three news issues (one earlier issue
 * is backfilled first, so the three are news) for the generic chat target; the feed sink, switched on after the
 * backfill, gets all four records.
 */
class RelayRoutesTest extends CamelMainTestSupport {

    private Path data;
    private PageServer pages;
    private RelayConfig config;
    private RelayComponents components;
    private final List<Issue> issues = new ArrayList<>();

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true); // each test weaves its steps, then starts Camel
    }

    @Override
    protected void doPreSetup() throws Exception {
        data = Files.createTempDirectory("relay-routes");
        Path sinks = Files.createDirectories(data.resolve("sinks"));
        Files.copy(Path.of("samples", "sinks", "feed.camel.yaml"), sinks.resolve("feed.camel.yaml"));
        pages = new PageServer();
        for (int number = 1; number <= 4; number++) {
            issues.add(Issue.madeUp(2023, number));
        }
        Relay relay = new Relay(data.resolve("state")).set("relay.management.enabled", "false")
                .set("reports.feeds", pages.serveFeed("/feed.xml", feed(issues.subList(0, 1))));
        assertThat(relay.run("--backfill")).isZero();
        relay.set("reports.feeds", pages.serveFeed("/feed.xml", feed(issues)))
                .target("chat", "generic", pages.base() + "/hook")
                .set("relay.sinks-dir", sinks.toString()).set("sinks", "feed")
                .set("webhook.retry.initial-delay", "10ms").set("webhook.retry.max-delay", "20ms")
                .set("webhook.retry.max-attempts", "5");
        Map<String, String> settings = new HashMap<>(relay.settings());
        config = RelayConfig.load(new Properties(), settings, Map.of());
        components = new RelayComponents(config, false, Clock.systemUTC());
        camelContextConfiguration().withUseOverridePropertiesWithPropertiesComponent(
                RelayApplication.placeholders(config, components, true));
    }

    @Override
    protected void configure(MainConfigurationProperties main) {
        main.withRoutesIncludePattern(RelayApplication.routesLocation(config));
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:" + Relay.NO_CONFIG;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        RelayApplication.stages(components).forEach(registry::bind);
    }

    @Override
    protected void doPostTearDown() throws Exception {
        components.close();
        pages.close();
    }

    /** Starts Camel after the weaving, and the outbox's transport on it, as the application does. */
    private void start() {
        Map<String, String> sinkEndpoints = SinkRoutes.endpoints(context, components.sinkRoutes);
        context.start();
        components.webhookTransport.start(context.createProducerTemplate(), sinkEndpoints);
    }

    @Test
    void aSinkThatFailsItsFirstAttemptsGetsEachRecordOnceWithItsHeaders() throws Exception {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        AdviceWith.adviceWith(context, "sink-feed", route -> route.weaveById("feed-add").replace()
                .process(exchange -> {
                    String id = exchange.getIn().getHeader("RelayDeliveryId", String.class);
                    if (attempts.computeIfAbsent(id, any -> new AtomicInteger()).incrementAndGet() <= 2) {
                        throw new IllegalStateException("the sink is not ready for " + id);
                    }
                })
                .to("mock:feed"));
        AdviceWith.adviceWith(context, "webhook-post", route -> route.weaveById("post-to-target").replace()
                .setHeader(Exchange.HTTP_RESPONSE_CODE, route.constant(200)));
        MockEndpoint feed = getMockEndpoint("mock:feed");
        // the three news issues, and the one backfilled before the sink was switched on (its history, first poll)
        feed.expectedMessageCount(4);
        feed.expectedHeaderValuesReceivedInAnyOrder("RelayDeliveryId", "2023-1.feed", "2023-2.feed", "2023-3.feed",
                "2023-4.feed");
        feed.allMessages().header("RelayEvent").isEqualTo("published");
        feed.allMessages().header("RelayYear").isEqualTo("2023");
        feed.allMessages().body().contains("\"schema\":\"cncert-relay.report/v1\"");
        // the outbox sends each attempt as an exchange of its own into the sink route
        NotifyBuilder taken = new NotifyBuilder(context).fromRoute("sink-feed").whenCompleted(4).and()
                .fromRoute("sink-feed").whenFailed(8).create();
        start();

        template.sendBody("direct:poll", null);

        assertThat(taken.matches(10, TimeUnit.SECONDS)).isTrue();
        feed.assertIsSatisfied();
        assertThat(components.webhooks.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(attempts).hasSize(4).allSatisfy((id, count) -> assertThat(count).hasValue(3));
        feed.reset();
        feed.expectedMessageCount(0);
        template.sendBody("direct:poll", null); // nothing new: nothing owed again
        feed.assertIsSatisfied(500);
    }

    @Test
    void theCsvIsARecordSinkLikeAnyOtherRetriedUntilItsRowIsWritten() throws Exception {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        // more failures than webhook.retry.max-attempts (5): the disk is the operator's to free, never dead-lettered
        AdviceWith.adviceWith(context, "sink-csv", route -> route.weaveById("append-row").before()
                .process(exchange -> {
                    String id = exchange.getIn().getHeader("RelayDeliveryId", String.class);
                    if (attempts.computeIfAbsent(id, any -> new AtomicInteger()).incrementAndGet() <= 6) {
                        throw new java.io.IOException("No space left on device");
                    }
                }));
        AdviceWith.adviceWith(context, "webhook-post", route -> route.weaveById("post-to-target").replace()
                .setHeader(Exchange.HTTP_RESPONSE_CODE, route.constant(200)));
        NotifyBuilder rows = new NotifyBuilder(context).fromRoute("sink-csv").whenCompleted(3).and()
                .fromRoute("sink-csv").whenFailed(18).create();
        start();

        template.sendBody("direct:poll", null);

        assertThat(rows.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(components.webhooks.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(attempts).as("the three new issues; the one backfilled before has its row")
                .containsOnlyKeys("2023-2.csv", "2023-3.csv", "2023-4.csv");
        assertThat(Relay.keys(data.resolve("state"))).containsExactly("2023/1", "2023/2", "2023/3", "2023/4");
        assertThat(csvDeliveries("retry")).isEqualTo(18.0);
        assertThat(csvDeliveries("delivered")).isEqualTo(3.0);
        assertThat(components.webhooks.deadLettersWaiting()).isZero();
    }

    /** relay_deliveries_total{target="csv",outcome=...}. */
    private double csvDeliveries(String outcome) {
        return components.metrics.registry().find("relay.deliveries").tag("target", "csv").tag("outcome", outcome)
                .counter().count();
    }

    @Test
    void newsWhoseAnnouncementFailedIsAnnouncedOnceByTheNextPoll() throws Exception {
        AtomicInteger announces = new AtomicInteger();
        AdviceWith.adviceWith(context, "announce", route -> {
            route.weaveById("queue-for-chat").before().process(exchange -> {
                if (announces.incrementAndGet() == 1) {
                    throw new IllegalStateException("the outbox is not there yet");
                }
            });
            route.weaveById("queue-for-chat").after().to("mock:announced");
        });
        AdviceWith.adviceWith(context, "webhook-post", route -> route.weaveById("post-to-target").replace()
                .to("mock:chat").setHeader(Exchange.HTTP_RESPONSE_CODE, route.constant(200)));
        MockEndpoint chat = getMockEndpoint("mock:chat");
        chat.expectedHeaderValuesReceivedInAnyOrder("webhook-id", "2023-2.chat", "2023-3.chat", "2023-4.chat");
        MockEndpoint announced = getMockEndpoint("mock:announced");
        start();

        Exchange failed = template.send("direct:poll", exchange -> { });
        assertThat(failed.getException()).hasMessageContaining("the outbox is not there yet");
        assertThat(announced.getReceivedCounter()).isZero();

        template.sendBody("direct:poll", null); // the news stayed undecided: decided and queued now
        template.sendBody("direct:poll", null); // and not again
        chat.assertIsSatisfied(10_000);
        assertThat(announced.getReceivedExchanges()).extracting(exchange -> exchange.getIn().getBody(List.class))
                .extracting(List::size).containsExactly(3, 0);
        assertThat(components.webhooks.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(chat.getReceivedCounter()).as("each news issue once to the chat target").isEqualTo(3);
    }

    @Test
    void aSlowChatTargetHoldsUpNoSink() throws Exception {
        AdviceWith.adviceWith(context, "webhook-post", route -> route.weaveById("post-to-target").replace()
                .delay(30_000).setHeader(Exchange.HTTP_RESPONSE_CODE, route.constant(200)));
        AdviceWith.adviceWith(context, "sink-feed", route -> route.weaveById("feed-add").after().to("mock:feed"));
        MockEndpoint feed = getMockEndpoint("mock:feed");
        feed.expectedMessageCount(4);
        NotifyBuilder posted = new NotifyBuilder(context).fromRoute("webhook-post").whenDone(1).create();
        start();

        template.sendBody("direct:poll", null);

        feed.assertIsSatisfied(10_000);
        assertThat(posted.matches(0, TimeUnit.SECONDS)).as("the chat target is still on its first message").isFalse();
        assertThat(Files.readString(data.resolve("state").resolve("feed").resolve("feed.json")))
                .contains("urn:cncert-relay:issue:2023-4", "urn:cncert-relay:issue:2023-2");
    }

    @Test
    void aRecordTheFanOutFailedIsFannedOutByTheNextPoll() throws Exception {
        AtomicInteger fanOuts = new AtomicInteger();
        AdviceWith.adviceWith(context, "fan-out", route -> route.weaveById("fan-out-record-sinks").before()
                .process(exchange -> {
                    if (fanOuts.incrementAndGet() == 1) {
                        throw new java.io.IOException("disk full");
                    }
                }));
        AdviceWith.adviceWith(context, "webhook-post", route -> route.weaveById("post-to-target").replace()
                .setHeader(Exchange.HTTP_RESPONSE_CODE, route.constant(200)));
        NotifyBuilder twoRows = new NotifyBuilder(context).fromRoute("sink-csv").whenCompleted(2).create();
        start();

        template.sendBody("direct:poll", null); // a poll ends when its pages are settled
        assertThat(twoRows.matches(10, TimeUnit.SECONDS)).as("the CSV sink took the two records fanned out").isTrue();
        assertThat(Relay.keys(data.resolve("state"))).doesNotContain("2023/2");

        NotifyBuilder thirdRow = new NotifyBuilder(context).fromRoute("sink-csv").whenCompleted(1).create();
        template.sendBody("direct:poll", null); // re-sends the record left half fanned out
        assertThat(thirdRow.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Relay.keys(data.resolve("state"))).contains("2023/2", "2023/3", "2023/4");
    }

    private String feed(List<Issue> chosen) {
        StringBuilder items = new StringBuilder();
        for (Issue issue : chosen) {
            items.append(Issue.linkItem("网络安全信息与动态周报" + issue.label(), pages.serve(issue)));
        }
        return Issue.rss(items.toString());
    }
}
