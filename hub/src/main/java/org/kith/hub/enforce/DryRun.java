package org.kith.hub.enforce;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.consent.redaction.RedactionResult;
import org.kith.hub.admin.DryRunReport;
import org.kith.hub.admin.DryRunSource;
import org.kith.hub.admin.FamilySource;
import org.kith.hub.config.Partner;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.FamilyRecords;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.hub.rules.ConfigView;
import org.kith.hub.rules.LivePartners;
import org.kith.schemas.Envelope;
import org.kith.schemas.MessageType;

/**
 * The dry-run: what the enforcement core would decide for a message, read from the same stores
 * (the family's consent file, the config topic) and decided by the same {@link Dispatch}, with
 * nothing sent or recorded. Like the accounting, it is answered by the instance that holds the
 * family's partition.
 */
public final class DryRun implements DryRunSource {

    private static final Set<MessageType> RECORDED = Set.of(MessageType.FAMILY_PROFILE, MessageType.CONSENT_DIRECTIVE,
            MessageType.CONSENT_REVOCATION, MessageType.LEGAL_AUTHORITY);

    private final ConfigStoreQuery config;
    private final FamilySource families;
    private final PartnerRegistry partners;
    private final Engines engines;
    private final FamilyRecords familyRecords;

    /** @param partners the partners file; those the administration API registered are read with the configuration */
    public DryRun(FamilySource families, ConfigStoreQuery config, PartnerRegistry partners, Clock clock) {
        this.config = config;
        this.families = families;
        this.partners = partners;
        this.engines = new Engines(clock, Jurisdiction.example());
        this.familyRecords = new FamilyRecords(engines.jurisdiction());
    }

    @Override
    public DryRunReport explain(Envelope envelope) {
        if (RECORDED.contains(envelope.type())) {
            throw new IllegalArgumentException("a " + envelope.type().shortName()
                    + " is recorded in the family's file, not sent to anyone");
        }
        ConfigSnapshot config = ConfigView.read(this.config.store());
        PartnerRegistry registered = LivePartners.merge(partners, config);
        Partner sender = registered.find(envelope.source())
                .orElseThrow(() -> new IllegalArgumentException("the source is not a registered partner"));
        FamilyFile file = families.file(envelope.familyid()).orElseGet(() -> FamilyFile.empty(envelope.familyid()));
        Dispatch.Plan plan = new Dispatch(registered).plan(envelope, sender, familyRecords.read(file), config,
                engines.forConfig(config), Set.of());
        List<DryRunReport.Recipient> recipients = new ArrayList<>();
        for (Dispatch.Verdict verdict : plan.verdicts()) {
            recipients.add(verdict instanceof Dispatch.Decided decided ? recipient(decided)
                    : new DryRunReport.Recipient(verdict.recipient(), "unknown-recipient",
                    "the addressee is not a registered partner", List.of(), List.of("message:unknown-recipient"),
                    List.of(), List.of(), null, null));
        }
        return new DryRunReport(envelope.familyid(), envelope.type().shortName(), envelope.purpose().code(),
                sender.id(), plan.subjects(), recipients);
    }

    private static DryRunReport.Recipient recipient(Dispatch.Decided decided) {
        ConsentDecision decision = decided.result().decision(); // as the core would send and record it
        List<String> disclosed = decision.disclosed().stream().map(c -> c.code()).toList();
        List<String> basis = Dispatch.ledgerBasis(decision);
        String policy = decision.header().policyVersion();
        if (decided.result() instanceof RedactionResult.Copy copy) {
            return new DryRunReport.Recipient(decided.recipient(),
                    decision.outcome() == ConsentDecision.Outcome.REDACT ? "redact" : "permit", decision.explanation(),
                    disclosed, labels(Withholding.of(decision.withheld())), basis, decision.bases().rules(), policy,
                    copy.data());
        }
        return new DryRunReport.Recipient(decided.recipient(), "deny", decision.explanation(), List.of(),
                labels(Withholding.of(decision.withheld())), basis, decision.bases().rules(), policy, null);
    }

    private static List<String> labels(List<Withholding> withheld) {
        return withheld.stream().map(w -> w.category() + ":" + w.reason()).toList();
    }
}
