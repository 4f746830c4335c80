package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one table of array errors: lookup order, predicates, explanations, and that nobody else compares codes. */
class ErrorCatalogueTest {

    @Test
    void everyCodeHasOneEntry() {
        Set<String> ids = new HashSet<>();
        for (KnownError k : KnownError.values()) {
            assertThat(ids.add(k.id())).as("%s is listed twice", k.id()).isTrue();
            assertThat(k.meaning()).isNotBlank();
            assertThat(k.whatToDo()).isNotBlank();
        }
    }

    @Test
    void anSsbPairIsMoreSpecificThanTheMessageId() {
        assertThat(ErrorCatalogue.find("KART30000-E", "2e11", "2205", null)).contains(KnownError.LOCKED_SSB_2205);
        assertThat(ErrorCatalogue.find("KART30000-E", "2E31", "9A01", null)).contains(KnownError.COPY_REFUSED);
        assertThat(ErrorCatalogue.find("KART30000-E", null, null, "EX_EACCES")).contains(KnownError.LOCKED_CCI);
        assertThat(ErrorCatalogue.find(" kart40051-e ", null, null, null)).contains(KnownError.LOCKED_40051);
        assertThat(ErrorCatalogue.find("KART40053-E", null, null, null)).isEmpty();
        assertThat(ErrorCatalogue.find(null, null, null, null)).isEmpty();
    }

    @Test
    void predicatesSayWhatAnErrorMeansForUs() {
        assertThat(KnownError.BUSY.isBusy()).isTrue();
        assertThat(KnownError.BUSY.isTransient()).isTrue();
        assertThat(KnownError.LOCKED_40050.isLocked()).isTrue();
        assertThat(KnownError.LOCKED_SSB_2207.isTransient()).isTrue();
        assertThat(KnownError.OBJECT_NOT_FOUND.isNotFound()).isTrue();
        assertThat(KnownError.NOT_FOUND_CCI.isNotFound()).isTrue();
        assertThat(KnownError.GROUP_NOT_OPERABLE.isNotFound()).isFalse();
        assertThat(KnownError.GROUP_NOT_OPERABLE.isGroupAbsent()).isTrue();
        assertThat(KnownError.AUTHENTICATION_FAILED.isAuthentication()).isTrue();
        assertThat(KnownError.COPY_REFUSED.isTransient()).isFalse();
        assertThat(KnownError.REST_SERVER_INTERNAL.isTransient()).isFalse();
    }

    @Test
    void explanationsNameTheMeaningWhatToDoAndTheSenseCodes() {
        assertThat(ErrorCatalogue.explain("KART30000-E", "2E31", "9A01")).contains("copy layer refused")
                .contains("Quote SSB1=2E31 SSB2=9A01");
        assertThat(ErrorCatalogue.explain("KART40050-E", "2E11", "2205")).startsWith("SSB 2E11/2205: ").contains("locked")
                .doesNotContain("Quote");
        assertThat(ErrorCatalogue.explain("KART40047-E", null, null)).contains("user name or password")
                .doesNotContain("SSB");
        assertThat(ErrorCatalogue.explain("KART99999-E", null, null)).isNull();
        assertThat(ErrorCatalogue.explain(null, null, null)).isNull();
        assertThat(ErrorCatalogue.explain((VspApiException) null)).isNull();
    }

    /** Outside the catalogue, main code names no KART id or SSB pair: it asks the catalogue. */
    @Test
    void noOtherMainCodeComparesErrorCodes() throws IOException {
        Pattern code = Pattern.compile("\"(KART\\d{5}-[EWI]|2E11|EX_E[A-Z]+)\"");
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> found = new ArrayList<>();
        for (String module : List.of("core", "cli")) {
            Path main = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(main)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (f.getFileName().toString().equals("KnownError.java")) {
                        continue;
                    }
                    Matcher m = code.matcher(Files.readString(f));
                    while (m.find()) {
                        found.add(root.relativize(f) + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
