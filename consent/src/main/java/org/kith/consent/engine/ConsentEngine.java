package org.kith.consent.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.kith.consent.jurisdiction.GrantorAuthority;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.model.Agreement;
import org.kith.consent.model.Directive;
import org.kith.consent.model.EmergencyAccess;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.LegalAuthority;
import org.kith.consent.model.Partner;
import org.kith.consent.model.UnreadableDirective;
import org.kith.schemas.Category;

/**
 * Decides, for one message and one recipient, what may be disclosed and on what basis; fail closed.
 *
 * <p>The combining rule, per category of the message, for every subject of the message:
 * <ol>
 *   <li>A live agreement between sender and recipient must allow the message type, the purpose and
 *       the category; otherwise withheld, whatever the consent ({@link Rule#AGREEMENT_REQUIRED}).</li>
 *   <li>A recorded legal authority (court order, statute, mandated report) or statute rule that covers it discloses it, even over a family's deny
 *       ({@link Rule#AUTHORITY_BEATS_FAMILY_DENY}).</li>
 *   <li>Otherwise a valid deny directive withholds it, even if a valid permit also covers it
 *       ({@link Rule#DENY_BEATS_PERMIT}). Valid means: the grantor may consent for that subject and
 *       category ({@link Rule#GRANTOR_AUTHORITY}), the purpose is covered, and it is in force now.</li>
 *   <li>Otherwise a directive on file that cannot be read withholds it (it might be a deny).</li>
 *   <li>Otherwise a valid permit directive discloses it; a permit to a kind of partner (general
 *       designation) never covers substance-use ({@link Rule#GENERAL_DESIGNATION_EXCLUDES_SUBSTANCE_USE}).</li>
 *   <li>Otherwise a child-safety emergency that covers it discloses it, flagged for review.</li>
 *   <li>Otherwise withheld, with the reason of the permit that came closest, or no consent.</li>
 *   <li>If the sender's kind is a 42 CFR Part 2 program of the jurisdiction, a category goes to a
 *       subject only if substance-use would also go to them by items 2 to 7 (whatever the agreement
 *       says of substance-use), else it is withheld for substance-use's reason
 *       ({@link Rule#PART2_PROGRAM_RECORD}); under consent, the copy carries the Part 2 notice.</li>
 * </ol>
 * A category goes only if it goes for every subject. Nodes the schema does not describe are withheld.
 * If every category goes: PERMIT; if some go and every core field's category is among them: REDACT;
 * else DENY. Any exception inside the evaluation: DENY with {@link ReasonCode#ENGINE_ERROR}.
 *
 * <p>State is held per family in immutable {@link FamilyRecord}s, so a decision reads one family's
 * directives and never blocks a writer; recording replaces a family's record atomically.
 */
public final class ConsentEngine {

    /** The version of these combining rules; with the jurisdiction's, it is the policy version. */
    public static final String RULES_VERSION = "kith-consent/2";

    private final Clock clock;
    private final Jurisdiction jurisdiction;
    private final GrantorAuthority grantorAuthority;
    private final String policyVersion;
    private final Checkpoint checkpoint;
    private final ConcurrentHashMap<String, FamilyRecord> families = new ConcurrentHashMap<>();
    private volatile AgreementRegistry agreements = AgreementRegistry.empty();

    public ConsentEngine(Clock clock, Jurisdiction jurisdiction) {
        this(clock, jurisdiction, Checkpoint.NONE);
    }

    ConsentEngine(Clock clock, Jurisdiction jurisdiction, Checkpoint checkpoint) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jurisdiction = Objects.requireNonNull(jurisdiction, "jurisdiction");
        this.grantorAuthority = new GrantorAuthority(jurisdiction);
        this.policyVersion = RULES_VERSION + "+" + jurisdiction.id() + "@" + jurisdiction.version();
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** Rules version and jurisdiction version, e.g. {@code kith-consent/2+us-example@2026.2}. */
    public String policyVersion() {
        return policyVersion;
    }

    public Jurisdiction jurisdiction() {
        return jurisdiction;
    }

    // ---------------------------------------------------------------- recording

    public void recordFamily(FamilyProfile profile) {
        families.compute(profile.familyId(), (id, r) -> (r == null ? FamilyRecord.empty(id) : r).withProfile(profile));
    }

    /** Records a directive, new or a new version of one; throws on a transition the lifecycle forbids. */
    public void record(Directive directive) {
        families.compute(directive.familyId(),
                (id, r) -> (r == null ? FamilyRecord.empty(id) : r).withDirective(directive));
    }

    /** Revokes an active directive now, by {@code by} (an id); decisions from now on do not use it. */
    public Directive revoke(String familyId, String directiveId, String by) {
        Instant at = clock.instant();
        Directive[] revoked = new Directive[1];
        families.compute(familyId, (id, r) -> {
            Directive current = (r == null ? Optional.<Directive>empty() : r.directive(directiveId))
                    .orElseThrow(() -> new NoSuchElementException("no directive " + directiveId + " in family " + id));
            revoked[0] = current.revoke(at, by);
            return r.withDirective(revoked[0]);
        });
        return revoked[0];
    }

    /** Records that a directive exists for the family but could not be read: fail closed until it is. */
    public void record(UnreadableDirective unreadable) {
        families.compute(unreadable.familyId(),
                (id, r) -> (r == null ? FamilyRecord.empty(id) : r).withUnreadable(unreadable));
    }

    public void record(LegalAuthority authority) {
        families.compute(authority.familyId(),
                (id, r) -> (r == null ? FamilyRecord.empty(id) : r).withAuthority(authority));
    }

    /** Records break-glass access, which must not outlast the jurisdiction's limit. */
    public void declare(EmergencyAccess emergency) {
        jurisdiction.requireWithinEmergencyLimit(emergency);
        families.compute(emergency.familyId(),
                (id, r) -> (r == null ? FamilyRecord.empty(id) : r).withEmergency(emergency));
    }

    public synchronized void record(Agreement agreement) {
        agreements = agreements.with(agreement);
    }

    /** Replaces a family's whole record, e.g. when restoring state from a changelog. */
    public void load(FamilyRecord record) {
        families.put(record.familyId(), record);
    }

    /** The agreements between two partners, live or not: for the admin API and dry runs. */
    public List<Agreement> agreementsFor(Partner a, Partner b) {
        return agreements.between(a.id(), b.id());
    }

    public Optional<FamilyRecord> family(String familyId) {
        return Optional.ofNullable(families.get(familyId));
    }

    // ---------------------------------------------------------------- deciding

    /**
     * What {@code request}'s recipient may receive, now. Never throws for a valid request: an error
     * inside the evaluation is a DENY with {@link ReasonCode#ENGINE_ERROR}.
     */
    public ConsentDecision decide(DecisionRequest request) {
        return decide(request, families.get(request.familyId()));
    }

    /**
     * As {@link #decide(DecisionRequest)}, against a family record the caller holds (a stream
     * processor keeps families in its own state store); null stands for a family with nothing on file.
     */
    public ConsentDecision decide(DecisionRequest request, FamilyRecord family) {
        Instant now = null;
        try {
            now = clock.instant();
            if (family != null && !family.familyId().equals(request.familyId())) {
                throw new IllegalArgumentException("the family record is not the request's family");
            }
            return new Evaluation(request, now, family == null ? FamilyRecord.empty(request.familyId()) : family,
                    agreements, jurisdiction, grantorAuthority, checkpoint, policyVersion).run();
        } catch (RuntimeException e) {
            return failClosed(request, now);
        }
    }

    private ConsentDecision failClosed(DecisionRequest request, Instant now) {
        Instant at = now;
        if (at == null) {
            try {
                at = clock.instant();
            } catch (RuntimeException e) {
                at = Instant.EPOCH;
            }
        }
        List<Withheld> withheld = new ArrayList<>();
        for (Category c : request.facts().categories()) {
            withheld.add(new Withheld(Optional.of(c), ReasonCode.ENGINE_ERROR, List.of()));
        }
        if (request.facts().unclassified()) {
            withheld.add(new Withheld(Optional.empty(), ReasonCode.ENGINE_ERROR, List.of()));
        }
        return new ConsentDecision.Deny(
                new DecisionHeader(request.messageId(), request.familyId(), request.recipient().id(), at, policyVersion),
                withheld, new Bases(List.of(), List.of(), List.of(), List.of(Rule.FAIL_CLOSED.id())));
    }
}
