package org.kith.consent.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.kith.consent.jurisdiction.GrantorAuthority;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.jurisdiction.StatuteRule;
import org.kith.consent.model.Agreement;
import org.kith.consent.model.CourtOrder;
import org.kith.consent.model.Directive;
import org.kith.consent.model.EmergencyAccess;
import org.kith.consent.model.Partner;
import org.kith.consent.model.UnreadableDirective;
import org.kith.schemas.Category;

/**
 * One decision being worked out: the combining rule of {@link ConsentEngine} applied category by
 * category, subject by subject, collecting grants, withholdings and the ids behind them. Single
 * use, single thread.
 */
final class Evaluation {

    /** How far a permit directive got before a check failed: the farthest explains the withholding. */
    private static final int MISS_DESIGNATION = 1;
    private static final int MISS_GRANTOR = 2;
    private static final int MISS_PURPOSE = 3;
    private static final int MISS_TIME = 4;

    private final DecisionRequest request;
    private final Instant now;
    private final LocalDate today;
    private final FamilyRecord family;
    private final AgreementRegistry agreementRegistry;
    private final Jurisdiction jurisdiction;
    private final GrantorAuthority grantorAuthority;
    private final Checkpoint checkpoint;
    private final String policyVersion;

    private final List<Grant> granted = new ArrayList<>();
    private final List<Withheld> withheld = new ArrayList<>();
    private final List<String> directiveIds = new ArrayList<>(4);
    private final List<String> authorityIds = new ArrayList<>(2);
    private final List<String> agreementIds = new ArrayList<>(2);
    private final EnumSet<Rule> rules = EnumSet.noneOf(Rule.class);
    private boolean redisclosureProhibited;
    private boolean part2Notice;
    private boolean reviewRequired;

    // scratch for one subject's vote
    private final List<Directive> permits = new ArrayList<>(4);
    private final List<Directive> denies = new ArrayList<>(2);
    private int missDepth;
    private ReasonCode missReason;
    private Directive missDirective;

    Evaluation(DecisionRequest request, Instant now, FamilyRecord family, AgreementRegistry agreements,
               Jurisdiction jurisdiction, GrantorAuthority grantorAuthority, Checkpoint checkpoint,
               String policyVersion) {
        this.request = request;
        this.now = now;
        this.today = LocalDate.ofInstant(now, jurisdiction.zone());
        this.family = family;
        this.agreementRegistry = agreements;
        this.jurisdiction = jurisdiction;
        this.grantorAuthority = grantorAuthority;
        this.checkpoint = checkpoint;
        this.policyVersion = policyVersion;
    }

    ConsentDecision run() {
        checkpoint.reached("start");
        AgreementRegistry.Gate gate = agreementRegistry.gate(request.sender(), request.recipient(),
                request.messageType(), request.purpose(), now);
        for (Category category : request.facts().categories()) {
            checkpoint.reached("category");
            decideCategory(category, gate);
        }
        if (request.facts().unclassified()) {
            withheld.add(new Withheld(Optional.empty(), ReasonCode.UNKNOWN_CATEGORY, List.of()));
            rules.add(Rule.UNCLASSIFIED_WITHHELD);
        }
        checkpoint.reached("conclude");
        return conclude();
    }

    // ---------------------------------------------------------------- per category

    private void decideCategory(Category category, AgreementRegistry.Gate gate) {
        if (gate.closedBecause() != null) {
            withholdByAgreement(category, gate.closedBecause(), gate.consideredIds());
            return;
        }
        Agreement agreement = gate.allowing(category);
        if (agreement == null) {
            withholdByAgreement(category, ReasonCode.NOT_IN_AGREEMENT, gate.consideredIds());
            return;
        }
        List<String> bases = new ArrayList<>(4);
        bases.add(agreement.id());
        boolean underConsent = false;
        boolean prohibitsRedisclosure = false;
        boolean emergency = false;
        List<String> authorities = new ArrayList<>(1);
        List<String> consents = new ArrayList<>(2);
        for (String subject : request.subjects()) {
            checkpoint.reached("subject");
            Vote vote = vote(subject, category);
            if (vote.reason != null) {
                withhold(category, vote.reason, vote.causes, vote.causesAreDirectives);
                if (request.subjects().size() > 1) {
                    rules.add(Rule.EVERY_SUBJECT_COVERED);
                }
                return;
            }
            for (String id : vote.bases) {
                addDistinct(bases, id);
                addDistinct(vote.byConsent ? consents : authorities, id);
            }
            underConsent |= vote.byConsent;
            prohibitsRedisclosure |= vote.prohibitsRedisclosure;
            emergency |= vote.emergency;
        }
        granted.add(new Grant(category, bases));
        addDistinct(agreementIds, agreement.id());
        consents.forEach(id -> addDistinct(directiveIds, id));
        authorities.forEach(id -> addDistinct(authorityIds, id));
        if (category == Category.SUBSTANCE_USE && underConsent) {
            part2Notice = true;
            prohibitsRedisclosure = true;
            rules.add(Rule.PART2_REDISCLOSURE_NOTICE);
        }
        redisclosureProhibited |= prohibitsRedisclosure;
        if (emergency) {
            reviewRequired = true;
            rules.add(Rule.EMERGENCY_REVIEW);
        }
    }

    private void withholdByAgreement(Category category, ReasonCode reason, List<String> agreements) {
        withheld.add(new Withheld(Optional.of(category), reason, agreements));
        agreements.forEach(id -> addDistinct(agreementIds, id));
        rules.add(Rule.AGREEMENT_REQUIRED);
    }

    private void withhold(Category category, ReasonCode reason, List<String> causes, boolean directives) {
        withheld.add(new Withheld(Optional.of(category), reason, causes));
        causes.forEach(id -> addDistinct(directives ? directiveIds : authorityIds, id));
        switch (reason) {
            case GRANTOR_NOT_AUTHORIZED -> rules.add(Rule.GRANTOR_AUTHORITY);
            case NAMED_RECIPIENT_REQUIRED -> rules.add(Rule.GENERAL_DESIGNATION_EXCLUDES_SUBSTANCE_USE);
            default -> { }
        }
    }

    // ---------------------------------------------------------------- per subject

    /** One subject's answer for one category. */
    private static final class Vote {
        ReasonCode reason;
        List<String> causes = List.of();
        boolean causesAreDirectives = true;
        List<String> bases = List.of();
        boolean byConsent;
        boolean prohibitsRedisclosure;
        boolean emergency;

        static Vote withhold(ReasonCode reason, List<String> causes) {
            Vote v = new Vote();
            v.reason = reason;
            v.causes = causes;
            return v;
        }

        static Vote disclose(List<String> bases, boolean byConsent, boolean prohibitsRedisclosure, boolean emergency) {
            Vote v = new Vote();
            v.bases = bases;
            v.byConsent = byConsent;
            v.prohibitsRedisclosure = prohibitsRedisclosure;
            v.emergency = emergency;
            return v;
        }
    }

    private Vote vote(String subject, Category category) {
        permits.clear();
        denies.clear();
        missDepth = 0;
        missReason = null;
        missDirective = null;
        Partner recipient = request.recipient();
        scan(family.namedFor(recipient.id()), subject, category, false);
        scan(family.designatingKind(recipient.kind()), subject, category, true);

        Vote authority = authority(subject, category);
        if (authority != null) {
            if (!denies.isEmpty()) {
                rules.add(Rule.AUTHORITY_BEATS_FAMILY_DENY);
            }
            return authority;
        }
        if (!denies.isEmpty()) {
            if (!permits.isEmpty()) {
                rules.add(Rule.DENY_BEATS_PERMIT);
            }
            return Vote.withhold(ReasonCode.DENIED_BY_FAMILY, ids(denies));
        }
        if (!family.unreadable().isEmpty()) {
            return Vote.withhold(ReasonCode.UNREADABLE_DIRECTIVE,
                    family.unreadable().stream().map(UnreadableDirective::id).toList());
        }
        if (!permits.isEmpty()) {
            boolean prohibits = false;
            for (Directive d : permits) {
                prohibits |= !d.redisclosureAllowed();
            }
            return Vote.disclose(ids(permits), true, prohibits, false);
        }
        for (EmergencyAccess e : family.emergencies()) {
            if (e.covers(subject, recipient, category, request.purpose(), now)) {
                return Vote.disclose(List.of(e.id()), false, true, true);
            }
        }
        if (missReason == null) {
            return Vote.withhold(ReasonCode.NO_CONSENT, List.of());
        }
        return Vote.withhold(missReason, List.of(missDirective.id()));
    }

    /** A court order or statute rule that covers this subject and category, or null. */
    private Vote authority(String subject, Category category) {
        for (CourtOrder order : family.courtOrders()) {
            if (order.covers(subject, request.recipient(), category, request.purpose(), now)) {
                return Vote.disclose(List.of(order.id()), false, !order.redisclosureAllowed(), false);
            }
        }
        for (StatuteRule rule : jurisdiction.statutes()) {
            if (rule.covers(request.sender(), request.recipient(), family.profile(), category, request.purpose(),
                    request.messageType())) {
                return Vote.disclose(List.of(rule.id()), false, !rule.redisclosureAllowed(), false);
            }
        }
        return null;
    }

    /** Sorts the directives that concern this subject and category into valid permits, valid denies and misses. */
    private void scan(Directive[] candidates, String subject, Category category, boolean byKind) {
        for (Directive d : candidates) {
            if (byKind && d.recipients().named().contains(request.recipient().id())) {
                continue; // already seen as a named recipient
            }
            if (!d.subjects().contains(subject) || !d.categories().contains(category)
                    || !d.appliesTo(request.messageType())) {
                continue;
            }
            if (d.isPermit()) {
                classifyPermit(d, subject, category, byKind);
            } else if (grantorAuthority.mayConsent(d.grantor(), subject, category, family.profile(), today)
                    && d.purposes().contains(request.purpose()) && d.inForceAt(now)) {
                denies.add(d);
            }
        }
    }

    private void classifyPermit(Directive d, String subject, Category category, boolean byKind) {
        if (byKind && category == Category.SUBSTANCE_USE) {
            miss(MISS_DESIGNATION, ReasonCode.NAMED_RECIPIENT_REQUIRED, d);
        } else if (!grantorAuthority.mayConsent(d.grantor(), subject, category, family.profile(), today)) {
            miss(MISS_GRANTOR, ReasonCode.GRANTOR_NOT_AUTHORIZED, d);
        } else if (!d.purposes().contains(request.purpose())) {
            miss(MISS_PURPOSE, ReasonCode.PURPOSE_NOT_COVERED, d);
        } else if (!d.status().inForceAt(now)) {
            miss(MISS_TIME, ReasonCode.CONSENT_REVOKED, d);
        } else if (d.period().hasEndedBy(now)) {
            miss(MISS_TIME, ReasonCode.CONSENT_EXPIRED, d);
        } else if (!d.period().hasStartedBy(now)) {
            miss(MISS_TIME, ReasonCode.CONSENT_NOT_YET_EFFECTIVE, d);
        } else {
            permits.add(d);
        }
    }

    private void miss(int depth, ReasonCode reason, Directive d) {
        if (depth > missDepth) {
            missDepth = depth;
            missReason = reason;
            missDirective = d;
        }
    }

    // ---------------------------------------------------------------- outcome

    private ConsentDecision conclude() {
        DecisionHeader header = new DecisionHeader(request.messageId(), request.familyId(), request.recipient().id(),
                now, policyVersion);
        if (granted.isEmpty()) {
            return new ConsentDecision.Deny(header, withheld, bases());
        }
        if (withheld.isEmpty()) {
            return new ConsentDecision.Permit(header, granted, bases(), handling());
        }
        for (Category core : request.facts().coreCategories()) {
            if (!isGranted(core)) {
                rules.add(Rule.CORE_FIELDS_OR_NOTHING);
                List<Withheld> all = new ArrayList<>(withheld);
                for (Grant g : granted) {
                    all.add(new Withheld(Optional.of(g.category()), ReasonCode.CORE_FIELD_WITHHELD, List.of()));
                }
                return new ConsentDecision.Deny(header, all, bases());
            }
        }
        return new ConsentDecision.Redact(header, granted, withheld, bases(), handling());
    }

    private boolean isGranted(Category category) {
        for (Grant g : granted) {
            if (g.category() == category) {
                return true;
            }
        }
        return false;
    }

    private Bases bases() {
        List<String> ruleIds = new ArrayList<>(rules.size());
        rules.forEach(r -> ruleIds.add(r.id()));
        return new Bases(directiveIds, authorityIds, agreementIds, ruleIds);
    }

    private Handling handling() {
        return new Handling(redisclosureProhibited,
                part2Notice ? Optional.of(Handling.PART2_NOTICE) : Optional.empty(), reviewRequired);
    }

    private static List<String> ids(List<Directive> directives) {
        if (directives.size() == 1) {
            return List.of(directives.get(0).id());
        }
        List<String> ids = new ArrayList<>(directives.size());
        directives.forEach(d -> ids.add(d.id()));
        return ids;
    }

    private static void addDistinct(List<String> list, String id) {
        if (!list.contains(id)) {
            list.add(id);
        }
    }
}
