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
import org.kith.consent.model.LegalAuthority;
import org.kith.consent.model.EmergencyAccess;
import org.kith.consent.model.UnreadableDirective;
import org.kith.schemas.Category;

/**
 * One decision being worked out: the combining rule of {@link ConsentEngine} applied category by
 * category, subject by subject, collecting grants, withholdings and the ids behind them. Single
 * use, single thread.
 *
 * <p>What does not depend on the category is worked out once, up front: the directives that could
 * concern the recipient (named, then by kind), whether each is of the right message type, covers the
 * purpose and is in force now; each subject's record and age; the statute rules that reach the
 * message at all; whether the sender is a 42 CFR Part 2 program. The per-category loop then only
 * asks about categories and grantor authority. For a Part 2 program's message, each subject's
 * substance-use vote is worked out once, the first time a category needs it, and every category
 * then needs it too.
 */
final class Evaluation {

    /** How far a permit directive got before a check failed: the farthest explains the withholding. */
    private static final int MISS_DESIGNATION = 1;
    private static final int MISS_GRANTOR = 2;
    private static final int MISS_PURPOSE = 3;
    private static final int MISS_TIME = 4;

    private final DecisionRequest request;
    private final Instant now;
    private final FamilyRecord family;
    private final AgreementRegistry agreementRegistry;
    private final GrantorAuthority grantorAuthority;
    private final Checkpoint checkpoint;
    private final String policyVersion;

    /** The statute rules that reach this message at all; usually none. */
    private final List<StatuteRule> statutes;
    private final CompactFamily compact;
    /**
     * The directives (numbers in {@link #compact}) of this message type that name the recipient, then
     * those that designate its kind.
     */
    private final int[] candidates;
    private final int candidateCount;
    private final int namedCount;
    /** Per candidate: null if of the message's type, covering its purpose and in force now; else why not. */
    private final ReasonCode[] candidateMiss;
    /** Per subject of the request: their number in {@link #compact} (-1 if unknown) and age (-1 if unknown). */
    private final int[] subjects;
    private final int[] ages;
    /** Whether the sender's kind is a Part 2 program: then every category also needs substance-use to go. */
    private final boolean part2Sender;
    /** Per subject, their substance-use vote once worked out (a Part 2 program's message only; else null). */
    private final Vote[] substanceUse;

    private final List<Grant> granted;
    private final List<Withheld> withheld;
    private final List<String> directiveIds = new ArrayList<>(4);
    private final List<String> authorityIds = new ArrayList<>(2);
    private final List<String> agreementIds = new ArrayList<>(2);
    private final EnumSet<Rule> rules = EnumSet.noneOf(Rule.class);
    private boolean redisclosureProhibited;
    private boolean part2Notice;
    private boolean reviewRequired;

    // scratch for one category
    private boolean underConsent;
    private boolean prohibitsRedisclosure;
    private boolean emergency;

    // scratch for one subject's vote
    private final Vote[] votes;
    private List<String> permits;
    private List<String> denies;
    private boolean anyPermit;
    private boolean anyDeny;
    private boolean permitsForbidRedisclosure;
    private int missDepth;
    private ReasonCode missReason;
    private String missDirective;

    Evaluation(DecisionRequest request, Instant now, FamilyRecord family, AgreementRegistry agreements,
               Jurisdiction jurisdiction, GrantorAuthority grantorAuthority, Checkpoint checkpoint,
               String policyVersion) {
        this.request = request;
        this.now = now;
        this.family = family;
        this.agreementRegistry = agreements;
        this.grantorAuthority = grantorAuthority;
        this.checkpoint = checkpoint;
        this.policyVersion = policyVersion;
        int categories = request.facts().categories().size() + 1;
        this.granted = new ArrayList<>(categories);
        this.withheld = new ArrayList<>(categories);

        List<StatuteRule> applicable = List.of();
        for (StatuteRule rule : jurisdiction.statutes()) {
            if (rule.appliesTo(request.sender(), request.recipient(), family.profile(), request.purpose(),
                    request.messageType())) {
                List<StatuteRule> more = new ArrayList<>(applicable);
                more.add(rule);
                applicable = more;
            }
        }
        this.statutes = applicable;

        compact = family.compact();
        String recipientId = request.recipient().id();
        int[] found = new int[compact.size()];
        int n = 0;
        for (int k = 0; k < compact.size(); k++) {
            if (compact.appliesTo(k, request.messageType(), request.sender()) && compact.names(k, recipientId)) {
                found[n++] = k;
            }
        }
        namedCount = n;
        for (int k = 0; k < compact.size(); k++) {
            if (compact.appliesTo(k, request.messageType(), request.sender()) && compact.designates(k, request.recipient().kind())
                    && !compact.names(k, recipientId)) {
                found[n++] = k;
            }
        }
        candidates = found;
        candidateCount = n;
        candidateMiss = new ReasonCode[n];
        long nowSecond = now.getEpochSecond();
        int nowNano = now.getNano();
        for (int i = 0; i < n; i++) {
            candidateMiss[i] = compact.standing(found[i], request.purpose(), nowSecond, nowNano);
        }

        int today = CompactFamily.yyyymmdd(LocalDate.ofInstant(now, jurisdiction.zone()));
        List<String> ids = request.subjects();
        subjects = new int[ids.size()];
        ages = new int[ids.size()];
        votes = new Vote[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            subjects[i] = compact.person(ids.get(i));
            ages[i] = subjects[i] < 0 ? -1 : compact.age(subjects[i], today);
            votes[i] = new Vote();
        }
        part2Sender = jurisdiction.isPart2Program(request.sender().kind());
        substanceUse = part2Sender ? new Vote[ids.size()] : null;
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
        // from a Part 2 program, every other category needs substance-use's vote too, kept per subject
        boolean substanceFromProgram = part2Sender && category == Category.SUBSTANCE_USE;
        boolean provenance = part2Sender && !substanceFromProgram;
        for (int s = 0; s < subjects.length; s++) {
            checkpoint.reached("subject");
            Vote vote = substanceFromProgram ? substanceUse(s) : vote(votes[s], s, category);
            if (provenance && vote.reason == null) {
                rules.add(Rule.PART2_PROGRAM_RECORD);
                Vote substance = substanceUse(s);
                if (substance.reason != null) {
                    vote = substance;
                }
            }
            if (vote.reason != null) {
                withhold(category, vote.reason, vote.ids);
                if (subjects.length > 1) {
                    rules.add(Rule.EVERY_SUBJECT_COVERED);
                }
                return;
            }
        }
        underConsent = false;
        prohibitsRedisclosure = false;
        emergency = false;
        Vote[] own = substanceFromProgram ? substanceUse : votes;
        Vote[] also = provenance ? substanceUse : null;
        List<String> bases;
        if (subjects.length == 1 && own[0].ids.size() == 1 && (also == null || also[0].ids.size() == 1)) {
            String id = own[0].ids.get(0);
            String alsoId = also == null ? id : also[0].ids.get(0);
            bases = alsoId.equals(id) ? List.of(agreement.id(), id) : List.of(agreement.id(), id, alsoId);
            absorb(own[0], null);
            if (also != null) {
                absorb(also[0], null);
            }
        } else {
            bases = new ArrayList<>(3);
            bases.add(agreement.id());
            for (int s = 0; s < subjects.length; s++) {
                absorb(own[s], bases);
                if (also != null) {
                    absorb(also[s], bases);
                }
            }
        }
        granted.add(new Grant(category, bases));
        addDistinct(agreementIds, agreement.id());
        if ((category == Category.SUBSTANCE_USE || part2Sender) && underConsent) {
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

    /** Adds one subject's disclosing vote to the decision's ids, the category's bases (if given) and handling. */
    private void absorb(Vote vote, List<String> bases) {
        for (int i = 0; i < vote.ids.size(); i++) {
            String id = vote.ids.get(i);
            if (bases != null) {
                addDistinct(bases, id);
            }
            addDistinct(vote.byConsent ? directiveIds : authorityIds, id);
        }
        underConsent |= vote.byConsent;
        prohibitsRedisclosure |= vote.prohibitsRedisclosure;
        emergency |= vote.emergency;
    }

    private void withholdByAgreement(Category category, ReasonCode reason, List<String> agreements) {
        withheld.add(Withheld.of(category, reason, agreements));
        for (int i = 0; i < agreements.size(); i++) {
            addDistinct(agreementIds, agreements.get(i));
        }
        rules.add(Rule.AGREEMENT_REQUIRED);
    }

    /** Withholds a category for a reason that rests on directives (a deny, the consent that came closest). */
    private void withhold(Category category, ReasonCode reason, List<String> causes) {
        withheld.add(Withheld.of(category, reason, causes));
        for (int i = 0; i < causes.size(); i++) {
            addDistinct(directiveIds, causes.get(i));
        }
        switch (reason) {
            case GRANTOR_NOT_AUTHORIZED -> rules.add(Rule.GRANTOR_AUTHORITY);
            case NAMED_RECIPIENT_REQUIRED -> rules.add(Rule.GENERAL_DESIGNATION_EXCLUDES_SUBSTANCE_USE);
            default -> { }
        }
    }

    // ---------------------------------------------------------------- per subject

    /** One subject's answer for one category: a reason to withhold, or the ids it may be disclosed on. */
    private static final class Vote {
        ReasonCode reason;
        List<String> ids = List.of();
        boolean byConsent;
        boolean prohibitsRedisclosure;
        boolean emergency;

        Vote withhold(ReasonCode why, List<String> causes) {
            reason = why;
            ids = causes;
            return this;
        }

        Vote disclose(List<String> bases, boolean consent, boolean prohibits, boolean breakGlass) {
            reason = null;
            ids = bases;
            byConsent = consent;
            prohibitsRedisclosure = prohibits;
            emergency = breakGlass;
            return this;
        }
    }

    /**
     * Substance-use's vote for subject s on a Part 2 program's message: worked out the first time a
     * category asks, then the same answer for every category of the decision.
     */
    private Vote substanceUse(int s) {
        Vote vote = substanceUse[s];
        if (vote == null) {
            vote = vote(new Vote(), s, Category.SUBSTANCE_USE);
            substanceUse[s] = vote;
        }
        return vote;
    }

    /** Subject s's vote for this category, written into {@code vote}. */
    private Vote vote(Vote vote, int s, Category category) {
        scan(s, category);

        Vote authority = authority(vote, request.subjects().get(s), category);
        if (authority != null) {
            if (anyDeny) {
                rules.add(Rule.AUTHORITY_BEATS_FAMILY_DENY);
            }
            return authority;
        }
        if (anyDeny) {
            if (anyPermit) {
                rules.add(Rule.DENY_BEATS_PERMIT);
            }
            return vote.withhold(ReasonCode.DENIED_BY_FAMILY, denies);
        }
        if (!family.unreadable().isEmpty()) {
            return vote.withhold(ReasonCode.UNREADABLE_DIRECTIVE,
                    family.unreadable().stream().map(UnreadableDirective::id).toList());
        }
        if (anyPermit) {
            return vote.disclose(permits, true, permitsForbidRedisclosure, false);
        }
        List<EmergencyAccess> emergencies = family.emergencies();
        for (int i = 0; i < emergencies.size(); i++) {
            if (emergencies.get(i).covers(request.subjects().get(s), request.sender(), request.recipient(), category,
                    request.purpose(), request.messageType(), now)) {
                return vote.disclose(List.of(emergencies.get(i).id()), false, true, true);
            }
        }
        if (missReason == null) {
            return vote.withhold(ReasonCode.NO_CONSENT, List.of());
        }
        return vote.withhold(missReason, List.of(missDirective));
    }

    /** A recorded authority (court order, statute, mandated report) or statute rule that covers this subject and category, or null. */
    private Vote authority(Vote vote, String subject, Category category) {
        List<LegalAuthority> recorded = family.authorities();
        for (int i = 0; i < recorded.size(); i++) {
            LegalAuthority authority = recorded.get(i);
            if (authority.covers(subject, request.sender(), request.recipient(), category, request.purpose(),
                    request.messageType(), now)) {
                return vote.disclose(List.of(authority.id()), false, !authority.redisclosureAllowed(), false);
            }
        }
        for (int i = 0; i < statutes.size(); i++) {
            StatuteRule rule = statutes.get(i);
            if (rule.categories().contains(category)) {
                return vote.disclose(List.of(rule.id()), false, !rule.redisclosureAllowed(), false);
            }
        }
        return null;
    }

    /** Sorts the candidate directives for this subject and category into valid permits, valid denies and misses. */
    private void scan(int s, Category category) {
        permits = List.of();
        denies = List.of();
        anyPermit = false;
        anyDeny = false;
        permitsForbidRedisclosure = false;
        missDepth = 0;
        missReason = null;
        missDirective = null;
        int subject = subjects[s];
        if (subject < 0) {
            return;
        }
        for (int i = 0; i < candidateCount; i++) {
            int k = candidates[i];
            ReasonCode standing = candidateMiss[i];
            if (!compact.covers(k, subject, category)) {
                continue;
            }
            int grantor = compact.grantor(k);
            boolean authorized = grantorAuthority.mayConsent(compact.capacity(k), grantor == subject,
                    compact.holdsAuthority(grantor, subject), ages[s], category);
            String id = compact.ids[k];
            if (!compact.isPermit(k)) {
                if (authorized && standing == null) {
                    denies = add(denies, id);
                    anyDeny = true;
                }
            } else if (i >= namedCount && category == Category.SUBSTANCE_USE) {
                miss(MISS_DESIGNATION, ReasonCode.NAMED_RECIPIENT_REQUIRED, id);
            } else if (!authorized) {
                miss(MISS_GRANTOR, ReasonCode.GRANTOR_NOT_AUTHORIZED, id);
            } else if (standing == ReasonCode.PURPOSE_NOT_COVERED) {
                miss(MISS_PURPOSE, standing, id);
            } else if (standing != null) {
                miss(MISS_TIME, standing, id);
            } else {
                permits = add(permits, id);
                anyPermit = true;
                permitsForbidRedisclosure |= !compact.redisclosureAllowed(k);
            }
        }
    }

    private static List<String> add(List<String> ids, String id) {
        if (ids.isEmpty()) {
            return List.of(id);
        }
        List<String> more = new ArrayList<>(ids.size() + 1);
        more.addAll(ids);
        more.add(id);
        return more;
    }

    private void miss(int depth, ReasonCode reason, String directiveId) {
        if (depth > missDepth) {
            missDepth = depth;
            missReason = reason;
            missDirective = directiveId;
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
                    all.add(Withheld.of(g.category(), ReasonCode.CORE_FIELD_WITHHELD, List.of()));
                }
                return new ConsentDecision.Deny(header, all, bases());
            }
        }
        return new ConsentDecision.Redact(header, granted, withheld, bases(), handling());
    }

    private boolean isGranted(Category category) {
        for (int i = 0; i < granted.size(); i++) {
            if (granted.get(i).category() == category) {
                return true;
            }
        }
        return false;
    }

    private Bases bases() {
        List<String> ruleIds = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            ruleIds.add(r.id());
        }
        return new Bases(directiveIds, authorityIds, agreementIds, ruleIds);
    }

    private Handling handling() {
        return Handling.of(redisclosureProhibited, part2Notice, reviewRequired);
    }

    private static void addDistinct(List<String> list, String id) {
        if (!list.contains(id)) {
            list.add(id);
        }
    }
}
