package org.cncertrelay.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestSettingsTest {

    @Test
    void defaultsToTheOutboxOnMondayMorning() {
        DigestSettings settings = DigestSettings.parse(Map.of());

        assertThat(settings.cron()).isEqualTo("0 0 9 ? * MON");
        assertThat(settings.smtp()).isEmpty();
        assertThat(settings.to()).isEmpty();
        assertThat(settings.from().getAddress()).isEqualTo("cncert-relay@localhost");
    }

    @Test
    void readsAnSmtpSetup() {
        DigestSettings settings = DigestSettings.parse(Map.of(
                "digest.to", "a@example.org, Bo <b@example.org>",
                "digest.from", "relay@example.org",
                "digest.unsubscribe-url", "https://example.org/unsubscribe",
                "mail.host", "smtp.example.org", "mail.port", "587", "mail.starttls", "true",
                "mail.username", "relay", "mail.password", "s3cret-pw"));

        assertThat(settings.to()).extracting(a -> a.getAddress()).containsExactly("a@example.org", "b@example.org");
        assertThat(settings.smtp()).hasValueSatisfying(smtp -> {
            assertThat(smtp.port()).isEqualTo(587);
            assertThat(smtp.starttls()).isTrue();
        });
        assertThat(settings.toString()).doesNotContain("s3cret-pw").contains("****");
    }

    @Test
    void aMailServerWithoutDigestToIsFineTheListMayBeFilledByCommandOrMail() {
        DigestSettings settings = DigestSettings.parse(Map.of("mail.host", "h", "digest.from", "r@example.org"));
        assertThat(settings.to()).isEmpty();
        assertThat(settings.smtp()).isPresent();
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertThatThrownBy(() -> DigestSettings.parse(Map.of("digest.to", "a@example.org, not an address@")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("digest.to:");
        assertThatThrownBy(() -> DigestSettings.parse(Map.of("mail.host", "h", "mail.port", "99999",
                "digest.to", "a@example.org", "digest.from", "r@example.org")))
                .hasMessageStartingWith("mail.port:");
        assertThatThrownBy(() -> DigestSettings.parse(Map.of("mail.starttls", "yes")))
                .hasMessageStartingWith("mail.starttls:");
        assertThatThrownBy(() -> DigestSettings.parse(Map.of("digest.cron", "every monday")))
                .hasMessageStartingWith("digest.cron:");
        assertThatThrownBy(() -> DigestSettings.parse(Map.of("digest.unsubscribe-url", "javascript:alert(1)")))
                .hasMessageStartingWith("digest.unsubscribe-url:");
        assertThatThrownBy(() -> DigestSettings.parse(Map.of("mail.host", "h", "digest.to", "a@example.org")))
                .hasMessageStartingWith("digest.from:");
        assertThatThrownBy(() -> DigestSettings.parse(Map.of("mail.host", "h", "digest.to", "a@example.org",
                "digest.from", "r@example.org", "mail.username", "relay")))
                .hasMessageStartingWith("mail.password:");
    }
}
