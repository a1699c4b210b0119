package org.kith.consent.jurisdiction;

import java.time.LocalDate;
import org.kith.consent.model.Capacity;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.Grantor;
import org.kith.consent.model.Person;
import org.kith.schemas.Category;

/**
 * Whether a grantor may consent for a subject and a category on a given day. A directive from
 * someone without that authority binds nobody, permit or deny. The rules:
 * <ul>
 *   <li>an adult (at or above the age of majority) for themselves;</li>
 *   <li>a minor for themselves, for a category the jurisdiction lets them consent to at their age;</li>
 *   <li>a parent or legal guardian for a minor they hold consent authority for, unless the category
 *       is one the minor alone controls at their age (exclusive minor consent);</li>
 *   <li>a court-appointed representative for the person in their charge, with the same exclusion
 *       while that person is a minor.</li>
 * </ul>
 * Unknown subject or unknown birth date: no authority.
 */
public final class GrantorAuthority {

    private final Jurisdiction jurisdiction;

    public GrantorAuthority(Jurisdiction jurisdiction) {
        this.jurisdiction = jurisdiction;
    }

    public boolean mayConsent(Grantor grantor, String subjectId, Category category, FamilyProfile family,
                              LocalDate today) {
        Person subject = family.persons().get(subjectId);
        if (subject == null) {
            return false;
        }
        return mayConsent(grantor, subject, subject.ageOn(today), category);
    }

    /**
     * As above for a subject already looked up, whose age on the decision day is known ({@code -1}
     * if unknown): the engine computes it once per decision, not once per directive and category.
     */
    public boolean mayConsent(Grantor grantor, Person subject, int age, Category category) {
        return mayConsent(grantor.capacity(), grantor.personId().equals(subject.personId()),
                subject.consentingForThem().contains(grantor.personId()), age, category);
    }

    /**
     * The rule itself, on facts already established: the grantor's capacity, whether they are the
     * subject, whether they hold consent authority for the subject, the subject's age (-1 unknown).
     */
    public boolean mayConsent(Capacity capacity, boolean self, boolean holdsAuthority, int age, Category category) {
        if (age < 0) {
            return false;
        }
        boolean adult = age >= jurisdiction.ageOfMajority();
        return switch (capacity) {
            case ADULT_FOR_SELF -> self && adult;
            case YOUTH_FOR_SELF -> self && (adult || minorMayConsentAlone(category, age));
            case PARENT, LEGAL_GUARDIAN -> !self && !adult && holdsAuthority && !minorAloneControls(category, age);
            case COURT_APPOINTED -> !self && holdsAuthority && (adult || !minorAloneControls(category, age));
        };
    }

    private boolean minorMayConsentAlone(Category category, int age) {
        MinorConsentRule rule = jurisdiction.minorConsentOrNull(category);
        return rule != null && age >= rule.age();
    }

    private boolean minorAloneControls(Category category, int age) {
        MinorConsentRule rule = jurisdiction.minorConsentOrNull(category);
        return rule != null && rule.exclusive() && age >= rule.age();
    }
}
