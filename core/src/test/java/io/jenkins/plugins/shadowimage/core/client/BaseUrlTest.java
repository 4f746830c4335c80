package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Base URL acceptance, and that no reason ever quotes a password, whatever characters it holds. */
class BaseUrlTest {
    /** Passwords holding every character that confuses a URL parser; each one is unique text to look for. */
    private static final String[] HOSTILE = {"Sx/9w", "Sx?9w", "Sx#9w", "Sx 9w", "Sx@9w", "Sx%2F9w", "Sx:9w",
        "Sx/?#@: %409w"};

    @ParameterizedTest
    @ValueSource(strings = {"https://array", "https://array:443", "https://array.example.com/", "http://10.0.0.1:23451",
        "HTTPS://Array", "https://[::1]:8443", "  https://array  "})
    void acceptsSchemeHostAndPort(String url) {
        assertThat(BaseUrl.problem(url)).isNull();
        assertThat(BaseUrl.parse(url).getHost()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "array:443", "ftp://array", "https://", "https://array:0", "https://array:65536",
        "https://array:", "https://array/ConfigurationManager", "https://array?x=1", "https://array#top",
        "https://ar ray", "https:array", "https://ar_ray"})
    void refusesEverythingElse(String url) {
        assertThat(BaseUrl.problem(url)).isNotNull().doesNotContain("\n");
        assertThatThrownBy(() -> BaseUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(BaseUrl.problem(url));
    }

    @Test
    void noReasonQuotesAHostilePassword() {
        for (String pw : HOSTILE) {
            for (String url : new String[] {"https://admin:" + pw + "@array:443", "https://admin:" + pw + "@array/x?y#z",
                "admin:" + pw + "@array", "ftp://admin:" + pw + "@array", "https://admin:" + pw + "@",
                "https://array:" + pw, "https://array/" + pw, "https://array?" + pw}) {
                String problem = BaseUrl.problem(url);
                assertThat(problem).as(url).isNotNull();
                assertSecretAbsent(problem, pw);
                assertThatThrownBy(() -> BaseUrl.parse(url)).satisfies(e -> assertSecretAbsent(e.getMessage(), pw));
                assertThatThrownBy(() -> Endpoint.builder(url).build())
                        .satisfies(e -> assertSecretAbsent(e.getMessage(), pw));
            }
        }
    }

    @Test
    void endpointRefusesAUriWithUserInfoWithoutQuotingIt() {
        URI uri = URI.create("https://admin:Sx%2F9w@array");
        assertThatThrownBy(() -> Endpoint.builder(uri).build()).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertSecretAbsent(e.getMessage(), "Sx%2F9w"));
    }

    private static void assertSecretAbsent(String text, String pw) {
        assertThat(text).doesNotContain(pw).doesNotContain("Sx").doesNotContain("9w").doesNotContain("admin");
    }

    @Test
    void withoutUserInfoCutsUpToTheLastAt() {
        for (String pw : HOSTILE) {
            assertThat(BaseUrl.withoutUserInfo("https://admin:" + pw + "@array:443")).isEqualTo("https://array:443");
            assertThat(BaseUrl.withoutUserInfo("admin:" + pw + "@array")).isEqualTo("array");
            assertThat(BaseUrl.withoutUserInfo("http://admin:" + pw + "@array/p")).isEqualTo("http://array/p");
        }
        assertThat(BaseUrl.withoutUserInfo("https://array:443")).isEqualTo("https://array:443");
        assertThat(BaseUrl.withoutUserInfo("u:a://b@array")).isEqualTo("array");
        assertThat(BaseUrl.withoutUserInfo(null)).isNull();
    }

    @Test
    void plainHttpIsRecognised() {
        assertThat(BaseUrl.isPlainHttp("http://array")).isTrue();
        assertThat(BaseUrl.isPlainHttp(" HTTP://array")).isTrue();
        assertThat(BaseUrl.isPlainHttp("https://array")).isFalse();
        assertThat(BaseUrl.isPlainHttp(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "8860001234567", "88600012345a", "../storages", "886000/12345", "88600012345 "})
    void storageDeviceIdMustBeTwelveCharacters(String id) {
        assertThatThrownBy(() -> Endpoint.builder("https://array").storageDeviceId(id + "x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 characters");
        if (!id.isBlank()) {
            assertThatThrownBy(() -> Endpoint.builder("https://array").storageDeviceId(id).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 characters");
        }
    }

    @Test
    void arrayFormsOfTheStorageDeviceIdAreAccepted() {
        assertThat(Endpoint.builder("https://array").storageDeviceId(" 886000123456 ").build().storageDeviceId())
                .isEqualTo("886000123456");
        assertThat(Endpoint.builder("https://array").storageDeviceId("A34000810045").build().storageDeviceId())
                .isEqualTo("A34000810045");
    }

    @Test
    void timeoutsAreBounded() {
        assertThat(Endpoint.builder("https://array").connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofHours(1)).build().readTimeout()).isEqualTo(Duration.ofHours(1));
        for (Duration bad : new Duration[] {Duration.ofMillis(999), Duration.ofMinutes(5).plusMillis(1), Duration.ZERO,
            Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> Endpoint.builder("https://array").connectTimeout(bad).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect timeout");
        }
        for (Duration bad : new Duration[] {Duration.ofMillis(999), Duration.ofHours(1).plusMillis(1)}) {
            assertThatThrownBy(() -> Endpoint.builder("https://array").readTimeout(bad).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read timeout");
        }
    }
}
