package org.kith.consent.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kith.consent.model.Capacity;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.Grantor;
import org.kith.consent.model.Person;
import org.kith.schemas.Category;
import org.kith.schemas.PartnerKind;

class JurisdictionTest {

    @Test
    void theBuilderRejectsBadValuesAndNamesThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jurisdiction.builder("x", "1").minorConsent(Category.SUBSTANCE_USE, 18, true).build());
        assertTrue(e.getMessage().contains("substance-use") && e.getMessage().contains("18"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Jurisdiction.builder("x", "1").ageOfMajority(30));
        assertThrows(IllegalArgumentException.class,
                () -> Jurisdiction.builder("x", "1").emergencyMaxDuration(Duration.ofDays(30)));
        assertThrows(IllegalArgumentException.class, () -> Jurisdiction.builder("x", "1")
                .statute(StatuteRule.ferpaChildWelfareException()).statute(StatuteRule.ferpaChildWelfareException()));
    }

    @Test
    void theExampleJurisdictionHasFerpaAndMandatedReports() {
        List<String> ids = Jurisdiction.example().statutes().stream().map(StatuteRule::id).toList();
        assertEquals(List.of("statute:ferpa-child-welfare", "statute:mandated-report"), ids);
    }

    @Test
    void part2ProgramsAlwaysIncludeSubstanceUseTreatmentAndAreGivenOnce() {
        assertEquals(Set.of(PartnerKind.SUBSTANCE_USE_TREATMENT), Jurisdiction.example().part2Programs());
        assertEquals(Set.of(PartnerKind.SUBSTANCE_USE_TREATMENT),
                Jurisdiction.builder("x", "1").build().part2Programs(),
                "unless told otherwise, substance use treatment programs are Part 2 programs");
        Jurisdiction wider = Jurisdiction.builder("x", "1")
                .part2Programs(EnumSet.of(PartnerKind.SUBSTANCE_USE_TREATMENT, PartnerKind.HOSPITAL)).build();
        assertTrue(wider.isPart2Program(PartnerKind.HOSPITAL));
        assertFalse(wider.isPart2Program(PartnerKind.MENTAL_HEALTH));
        assertEquals(wider.part2Programs(), wider.withStatutes(List.of()).part2Programs(),
                "replacing the statute rules keeps the Part 2 programs");

        IllegalArgumentException left = assertThrows(IllegalArgumentException.class,
                () -> Jurisdiction.builder("x", "1").part2Programs(EnumSet.of(PartnerKind.HOSPITAL)));
        assertTrue(left.getMessage().contains("hospital") && left.getMessage().contains("substance-use-treatment"),
                left.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Jurisdiction.builder("x", "1").part2Programs(EnumSet.noneOf(PartnerKind.class)));
        assertThrows(IllegalArgumentException.class, () -> Jurisdiction.builder("x", "1")
                .part2Programs(new HashSet<>(Arrays.asList(PartnerKind.SUBSTANCE_USE_TREATMENT, null))));
        assertThrows(NullPointerException.class, () -> Jurisdiction.builder("x", "1").part2Programs(null));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> Jurisdiction
                .builder("x", "1").part2Programs(Set.of(PartnerKind.SUBSTANCE_USE_TREATMENT))
                .part2Programs(Set.of(PartnerKind.SUBSTANCE_USE_TREATMENT)));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> Jurisdiction.example().part2Programs().add(PartnerKind.HOSPITAL));
    }

    @Test
    void grantorAuthorityFollowsAgeCapacityAndCategory() {
        GrantorAuthority authority = new GrantorAuthority(Jurisdiction.example());
        LocalDate today = LocalDate.parse("2026-11-23");
        FamilyProfile family = FamilyProfile.of("F", Optional.empty(), List.of(
                Person.born("kid", LocalDate.parse("2011-03-15"), "mum"),
                Person.born("mum", LocalDate.parse("1990-01-01")),
                new Person("nobirth", Optional.empty(), java.util.Set.of("mum"))));
        Grantor mum = new Grantor("mum", "mother", Capacity.PARENT);
        Grantor kid = new Grantor("kid", "self", Capacity.YOUTH_FOR_SELF);
        assertTrue(authority.mayConsent(mum, "kid", Category.IDENTITY, family, today));
        assertFalse(authority.mayConsent(mum, "kid", Category.SUBSTANCE_USE, family, today), "exclusive from 12");
        assertTrue(authority.mayConsent(mum, "kid", Category.BEHAVIORAL_HEALTH, family, today), "shared from 14");
        assertTrue(authority.mayConsent(kid, "kid", Category.BEHAVIORAL_HEALTH, family, today));
        assertTrue(authority.mayConsent(kid, "kid", Category.SUBSTANCE_USE, family, today));
        assertFalse(authority.mayConsent(kid, "kid", Category.IDENTITY, family, today), "no minor rule for identity");
        assertFalse(authority.mayConsent(mum, "nobirth", Category.IDENTITY, family, today), "age unknown");
        assertTrue(authority.mayConsent(new Grantor("mum", "self", Capacity.ADULT_FOR_SELF), "mum", Category.IDENTITY,
                family, today));
        assertFalse(authority.mayConsent(new Grantor("mum", "mother", Capacity.PARENT), "mum", Category.IDENTITY,
                family, today));
    }
}
