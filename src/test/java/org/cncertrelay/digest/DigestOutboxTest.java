package org.cncertrelay.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.cncertrelay.report.Report;
import org.cncertrelay.testing.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without mail.host the digest lands in {@code <dataDir>/outbox/} as files a mail client opens. */
class DigestOutboxTest {

    @TempDir
    Path dataDir;

    @Test
    void writesOneParseableEmlPerSubscriber() throws Exception {
        List<Report> history = Reports.weeks38And39();
        DigestService service = new DigestService(DigestSettings.parse(Map.of(
                "digest.to", "a@example.org,b@example.org")), dataDir);

        DigestResult result = service.sendDigest(history, history);

        assertThat(result.status()).isEqualTo(DigestResult.Status.SENT);
        List<Path> files = emlFiles();
        assertThat(files).hasSize(2);
        for (Path file : files) {
            MimeMessage message = read(file);
            assertThat(message.getSubject()).isEqualTo("网络安全信息与动态周报摘要：2024年第38期 – 第39期");
            assertThat(message.isMimeType("multipart/alternative")).isTrue();
            assertThat(message.getAllRecipients()).hasSize(1);
        }
        assertThat(service.sendDigest(history, history).status()).isEqualTo(DigestResult.Status.NOTHING_NEW);
        assertThat(emlFiles()).hasSize(2);
    }

    @Test
    void withoutSubscribersStillWritesOneCopyToRead() throws Exception {
        List<Report> history = Reports.weeks38And39();

        new DigestService(DigestSettings.parse(Map.of()), dataDir).sendDigest(history, history);

        assertThat(emlFiles()).singleElement().satisfies(file ->
                assertThat(read(file).getHeader("To")).containsExactly("undisclosed-recipients:;"));
    }

    private List<Path> emlFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("outbox"))) {
            return files.filter(file -> file.toString().endsWith(".eml")).sorted().toList();
        }
    }

    private static MimeMessage read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }
}
