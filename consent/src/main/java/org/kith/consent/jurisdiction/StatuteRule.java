package org.kith.consent.jurisdiction;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.Ids;
import org.kith.consent.model.Partner;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.Purpose;
import org.kith.schemas.PartnerKind;

/**
 * A statute that is a lawful basis for disclosure without consent, as configured for a
 * jurisdiction: from which kinds of sender to which kinds of recipient, which categories, purposes
 * and message types. Like a court order it beats a family's deny.
 *
 * @param responsibleAgencyOnly the recipient must be the child welfare agency legally responsible
 *                              for the family's child (the FERPA exception), not any agency of that kind
 * @param messageTypes the message types it covers; empty means any
 */
public record StatuteRule(String id, String citation, Set<PartnerKind> senderKinds, Set<PartnerKind> recipientKinds,
                          boolean responsibleAgencyOnly, Set<Category> categories, Set<Purpose> purposes,
                          Set<MessageType> messageTypes, boolean redisclosureAllowed) {

    public StatuteRule {
        Ids.require(id, "statute rule id");
        Ids.require(citation, "citation");
        senderKinds = Ids.nonEmptyEnumSet(senderKinds, PartnerKind.class, "sender kinds");
        recipientKinds = Ids.nonEmptyEnumSet(recipientKinds, PartnerKind.class, "recipient kinds");
        categories = Ids.nonEmptyEnumSet(categories, Category.class, "categories");
        purposes = Ids.nonEmptyEnumSet(purposes, Purpose.class, "purposes");
        messageTypes = Ids.enumSet(messageTypes, MessageType.class, "message types");
    }

    /**
     * FERPA, 20 U.S.C. 1232g(b)(1)(L): a school may disclose education records to the child welfare
     * agency legally responsible for the care and protection of the student, without parental consent.
     * The agency may not redisclose them except to those engaged in the case plan, so the copy is marked.
     */
    public static StatuteRule ferpaChildWelfareException() {
        return new StatuteRule("statute:ferpa-child-welfare", "20 U.S.C. 1232g(b)(1)(L)",
                EnumSet.of(PartnerKind.SCHOOL, PartnerKind.EDUCATION_AGENCY), EnumSet.of(PartnerKind.CHILD_WELFARE),
                true, EnumSet.of(Category.EDUCATION, Category.SPECIAL_EDUCATION, Category.IDENTITY,
                        Category.ADMINISTRATIVE),
                EnumSet.of(Purpose.EDUCATION_STABILITY, Purpose.CASE_PLANNING, Purpose.CHILD_PROTECTION),
                Set.of(), false);
    }

    /**
     * Mandated reporting of suspected abuse or neglect: any partner to child welfare, for the report
     * itself only (its message type and the child-protection purpose). Reports of suspected child
     * abuse are outside 42 CFR Part 2 (2.12(c)(6)), so every category the report carries is covered.
     */
    public static StatuteRule mandatedReport(MessageType reportType) {
        Objects.requireNonNull(reportType, "report type");
        return new StatuteRule("statute:mandated-report", "state child abuse reporting law; 42 CFR 2.12(c)(6)",
                EnumSet.allOf(PartnerKind.class), EnumSet.of(PartnerKind.CHILD_WELFARE), false,
                EnumSet.allOf(Category.class), EnumSet.of(Purpose.CHILD_PROTECTION), Set.of(reportType), false);
    }

    public boolean covers(Partner sender, Partner recipient, FamilyProfile family, Category category,
                          Purpose purpose, MessageType type) {
        return categories.contains(category) && appliesTo(sender, recipient, family, purpose, type);
    }

    /** Whether the rule reaches this message at all, whatever the category: decided once per decision. */
    public boolean appliesTo(Partner sender, Partner recipient, FamilyProfile family, Purpose purpose,
                             MessageType type) {
        return purposes.contains(purpose) && senderKinds.contains(sender.kind())
                && recipientKinds.contains(recipient.kind())
                && (messageTypes.isEmpty() || messageTypes.contains(type))
                && (!responsibleAgencyOnly || recipient.id().equals(family.responsibleAgency().orElse(null)));
    }
}
