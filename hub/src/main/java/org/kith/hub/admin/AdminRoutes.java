package org.kith.hub.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.kith.connectors.HttpReply;
import org.kith.connectors.api.ApiOperation;
import org.kith.connectors.api.Body;
import org.kith.connectors.api.Parameter;
import org.kith.connectors.api.Response;
import org.kith.connectors.api.Schemas;
import org.kith.connectors.JsonBody;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;
import org.kith.connectors.ProblemResponder;
import java.util.function.Supplier;
import org.kith.hub.deadletter.DeadLetterReplay;
import org.kith.hub.directory.DirectoryEntries;
import org.kith.hub.directory.ServiceViews;
import org.kith.hub.metrics.HubMetrics;
import org.kith.hub.metrics.UndecidedAgeMonitor;
import java.util.function.Predicate;
import org.kith.hub.evaluation.MeasureRequests;
import org.kith.hub.evaluation.MeasureViewer;
import org.kith.hub.evaluation.MeasureTotals;
import org.kith.hub.ledger.Accounting;
import org.kith.hub.ledger.LedgerVerification;
import org.kith.schemas.Json;
import org.kith.schemas.SubmissionValidator;
import org.kith.consent.jurisdiction.Jurisdiction;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.hub.crypto.PartnerCertificates;
import org.kith.hub.family.FamilyRecords;
import org.kith.hub.admin.fhir.FhirExtensions;
import org.kith.hub.edge.ApiDocuments;
import org.kith.hub.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administration API, behind {@link RoleGate}: the auditor's and consent officer's accounting of
 * disclosures ({@code GET /v1/admin/families/{familyId}/accounting}), and the operator's dead letters. {@code GET
 * /v1/admin/deadletters} lists them (reasons and origins, never the data); {@code POST
 * /v1/admin/deadletters/{offset}/replay} resubmits one through the same path as any message,
 * optionally with corrected data as the body, so it is validated and decided again at replay time;
 * with {@code ?partner=} it redelivers a copy that partner refused, decided again too, and answers
 * with the decision (sent or withheld) once the core made it.
 * {@code GET /v1/admin/service-gaps} (auditor, administrator): declines and long waits by service
 * type, area and reason, counts only. {@code GET /v1/admin/measures} (auditor, administrator): the
 * partnership's measures, suppressed ({@link MeasureReplies}). {@code GET /v1/admin/metrics}
 * (operator): Prometheus text. Each operation is held to the caller's agency scope as its
 * {@link FamilyScope} says ({@link ScopeGate}): the accounting by the family of its path, dead
 * letters by the families each letter names, the measures to what the caller's agencies see.
 *
 * <p>Each operation is declared once, as an {@link AdminOperation} of {@link #operations()} (those of
 * the other {@code *Operations} classes included): the routes (one per path, its methods told apart
 * by {@link MethodDispatch}) and the served OpenAPI document ({@link #documented()}) are both made
 * from that list.
 */
public final class AdminRoutes extends RouteBuilder {

    public static final String DEAD_LETTERS = "/v1/admin/deadletters";
    /** How long the answer to a redelivery waits for the core's decision unless the request says. */
    public static final Duration REDELIVERY_WAIT = Duration.ofSeconds(10);
    static final Duration MAX_REDELIVERY_WAIT = Duration.ofSeconds(60);
    public static final String FAMILIES = "/v1/admin/families";
    public static final String SERVICE_GAPS = "/v1/admin/service-gaps";
    public static final String MEASURES = "/v1/admin/measures";
    public static final String METRICS = "/v1/admin/metrics";
    public static final String HEALTH = "/v1/admin/health";
    /** Every chain of the ledger checked now, as {@code kith ledger verify} checks it (auditor). */
    public static final String LEDGER_VERIFY = "/v1/admin/ledger/verify";
    /** The API's OpenAPI 3.1 document, served to anyone: it describes, it discloses nothing. */
    public static final String OPENAPI = "/v1/admin/openapi.json";
    /** The StructureDefinitions of the FHIR extensions Kith's Consents carry, served to anyone ({@link FhirExtensions}). */
    public static final String FHIR_DEFINITIONS = "/v1/admin/fhir/StructureDefinition";
    private static final ApiOperation SERVE_DOCUMENT = ApiOperation.get(OPENAPI).id("getAdminOpenApi").open()
            .summary("This document")
            .responds(200, Response.json("The administration API's OpenAPI 3.1 document", Schemas.object()));
    private static final ApiOperation SERVE_FHIR_DEFINITION = ApiOperation.get(FHIR_DEFINITIONS + "/{name}")
            .id("getFhirStructureDefinition").open()
            .summary("The StructureDefinition of a FHIR extension Kith's Consents carry")
            .description("Canonical URL https://schemas.kith.org/fhir/StructureDefinition/{name}; served to anyone: it"
                    + " describes, it discloses nothing.")
            .parameter(Parameter.path("name", Schemas.pattern("^[A-Za-z0-9]+$")))
            .responds(200, Response.of("The StructureDefinition").with("application/fhir+json", Schemas.object()))
            .responds(404, Response.problem("No extension of that name"));
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    private final Authenticator users;
    private final DeadLetterReplay deadLetters;
    private final AccountingSource accounting;
    private final Supplier<MeasureTotals> measures;
    private final MeasureRequests reports;
    private final HubMetrics metrics;
    private final int maxBytes;
    private final List<AdminOperation> more;
    private final ScopeGate scopes;
    private final Supplier<String> coreState;
    private final Supplier<String> brokerState;
    private final UndecidedAgeMonitor undecided;
    private final Partners partners;
    private final AccessRefusals refusals;
    /** The live directory, whose services each service gap lists ({@link ServiceViews}). */
    private final ConfigSource config;
    private final LedgerSource ledger;
    private String server = "/";

    /**
     * What the administration API changes through: the configuration, the writer of changes and
     * their ledger notices, the registered partners, the topics, and how a new partner's topics
     * are created.
     */
    public record Changes(ConfigAdmin config, ChangeWriter writer, Partners partners, Topics topics,
                          Consumer<String> provisionTopics, PartnerIssuers issuers) {
    }

    /**
     * Who issues a partner's credentials besides its entry: the hub CA (empty when it is not
     * unlocked) and the broker's users and ACLs (empty when partners do not connect by Kafka).
     */
    public record PartnerIssuers(Optional<PartnerCertificates> certificates,
                                 Optional<PartnerAccessOperations.KafkaGrants> kafka) {
        public static final PartnerIssuers NONE = new PartnerIssuers(Optional.empty(), Optional.empty());
    }

    public AdminRoutes(Authenticator users, DeadLetterReplay deadLetters, CoreViews core, MeasureRequests reports,
                       Changes changes, SubmissionValidator validator, Clock clock, int maxBytes,
                       AccessRefusals refusals) {
        this.refusals = refusals;
        this.config = core.config();
        this.more = new ArrayList<>(new ConfigOperations(changes.config(), core.history(), maxBytes).operations());
        this.more.add(new DryRunOperation(core.dryRun(), validator, clock, maxBytes).operation());
        this.more.addAll(new ConsentOperations(core.history(), changes.partners(),
                new FamilyRecords(Jurisdiction.example()), core.families(), validator, changes.writer(),
                changes.topics(), clock, maxBytes).operations());
        this.more.addAll(new PartnerOperations(changes.partners(), changes.config(), core.history(), changes.writer(),
                changes.provisionTopics(), maxBytes).operations());
        this.more.addAll(new PartnerAccessOperations(changes.partners(), changes.writer(),
                changes.issuers().certificates(), changes.issuers().kafka(), clock, maxBytes).operations());
        this.more.addAll(new DirectoryOperations(changes, core.config(), validator, clock, maxBytes).operations());
        this.scopes = new ScopeGate(core.families(), maxBytes);
        this.partners = changes.partners();
        this.coreState = core.coreState();
        this.brokerState = core.brokerState();
        this.undecided = core.undecided();
        this.users = users;
        this.deadLetters = deadLetters;
        this.accounting = core.accounting();
        this.ledger = core.ledger();
        this.measures = core.measures();
        this.reports = reports;
        this.metrics = core.metrics();
        this.maxBytes = maxBytes;
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(new ProblemResponder(Problem.of(503, "unavailable",
                "Not done", "the hub could not reach Kafka; nothing was changed, retry later")));
        Map<String, List<AdminOperation>> byPath = new LinkedHashMap<>();
        operations().forEach(op -> byPath.computeIfAbsent(op.path(), p -> new ArrayList<>()).add(op));
        String document = document();
        from(SERVE_DOCUMENT.uri()).routeId("admin-openapi")
                .process(exchange -> HttpReply.send(exchange, 200, "application/json", document)).id("openapi");
        from(SERVE_FHIR_DEFINITION.uri()).routeId("admin-fhir-definitions")
                .process(AdminRoutes::fhirDefinition).id("fhir-definition");
        byPath.forEach((path, operations) -> {
            String routeId = "admin" + path.substring("/v1/admin".length()).replaceAll("[{}]", "").replace('/', '-');
            from(ApiOperation.uri(path, operations.stream().map(AdminOperation::method).toList())).routeId(routeId)
                    .process(new MethodDispatch(users, scopes, operations, refusals)).id(routeId + "-dispatch");
        });
    }

    /**
     * Names the hub's address in the served OpenAPI document ({@link ApiDocuments#server}); until
     * called, the document names the server it was fetched from.
     */
    public AdminRoutes servedAt(String server) {
        this.server = server;
        return this;
    }

    /** One extension's StructureDefinition as FHIR JSON; 404 for a name Kith defines none by. */
    private static void fhirDefinition(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", "", String.class);
        Optional<String> definition = FhirExtensions.json(name);
        HttpReply.send(exchange, 200, "application/fhir+json", definition.orElseThrow(() -> new ProblemException(
                Problem.of(404, "not-found", "Not found", "no StructureDefinition of that name"))));
    }

    /** Every operation of the administration API behind the role gate. */
    public List<AdminOperation> operations() {
        Set<Role> operator = Set.of(Role.OPERATOR);
        Set<Role> readers = Set.of(Role.AUDITOR, Role.ADMINISTRATOR);
        List<AdminOperation> operations = new ArrayList<>(List.of(
                AdminOperation.get(DEAD_LETTERS, operator, this::list).scoped(FamilyScope.FAMILY_RECORDS)
                        .summary("List dead letters, the hub's or with ?partner= a partner's: reasons and origins,"
                                + " never the data")
                        .parameter(AdminApi.PARTNER)
                        .responds(200, Response.json("The dead letters", Schemas.object()))
                        .responds(404, Response.problem("No such partner")),
                AdminOperation.post(DEAD_LETTERS + "/{offset}/replay", operator, this::replay)
                        .scoped(FamilyScope.FAMILY_RECORDS)
                        .summary("Replay a dead letter, optionally with corrected data, through the same checks as any"
                                + " message; with ?partner= deliver a partner's refused copy again, decided again now for"
                                + " that partner (sent only if the family's consent still allows it), answering with the"
                                + " decision")
                        .parameter(AdminApi.PARTNER, Parameter.query("wait", Schemas.json("""
                                {"type": "integer", "minimum": 0, "maximum": 60}""")).description("With ?partner=:"
                                + " seconds to wait for the core's decision before answering (default 10, at most 60)"))
                        .body(Body.json(Schemas.object("Corrected data to replace the dead letter's (optional)"))
                                .optional())
                        .responds(200, Response.json("With ?partner=: the redelivery was decided again; outcome sent or"
                                + " withheld, the decision (permit, redact, deny) and the reason codes of what was"
                                + " withheld", Schemas.object()))
                        .responds(202, Response.json("Replayed; with ?partner=, handed to the core and not decided"
                                + " within the wait (outcome pending): the decision id names its ledger record",
                                Schemas.object()))
                        .responds(404, Response.problem("No such dead letter"))
                        .responds(410, Response.problem("The partner's released copy is no longer kept"))
                        .responds(413, AdminApi.TOO_LARGE),
                AdminOperation.get(FAMILIES + "/{familyId}/accounting", Set.of(Role.AUDITOR, Role.CONSENT_OFFICER),
                                this::accounting)
                        .summary("A family's accounting of disclosures (JSON, or a printable page with format=html)")
                        .parameter(AdminApi.PERSON, AdminApi.PAGE_FORMAT)
                        .responds(200, Response.json("The accounting", Schemas.object())
                                .with("text/html", Schemas.json("{\"type\": \"string\"}")))
                        .responds(404, Response.problem("No such family in your scope")),
                AdminOperation.get(SERVICE_GAPS, readers, exchange -> HttpReply.json(exchange, 200,
                        Map.of("serviceGaps", new ServiceViews(config.entries(DirectoryEntries.LIVE))
                                .gaps(measures.get().seenBy(viewer(exchange)).serviceGaps()))))
                        .scoped(FamilyScope.AGENCIES)
                        .summary("Declines and long waits by service type, area and reason (counts only), each gap with the"
                                + " approved directory services (HSDS ids) of its type in its area")
                        .responds(200, Response.json("The service gaps", Schemas.object())),
                AdminOperation.get(MEASURES, readers,
                        exchange -> MeasureReplies.reply(exchange, reports, viewer(exchange)))
                        .scoped(FamilyScope.AGENCIES)
                        .summary("The partnership's measures, suppressed (JSON, CSV or HTML)")
                        .parameter(AdminApi.FROM, AdminApi.TO, AdminApi.MEASURES_FORMAT, AdminApi.RELEASE)
                        .responds(200, Response.json("The measures", Schemas.object())
                                .with("text/csv", Schemas.json("{\"type\": \"string\"}"))
                                .with("text/html", Schemas.json("{\"type\": \"string\"}"))),
                AdminOperation.get(METRICS, Set.of(Role.OPERATOR, Role.METRICS), this::metrics)
                        .summary("Operational metrics in the Prometheus text format")
                        .responds(200, Response.of("The metrics").with("text/plain", Schemas.json("{\"type\": \"string\"}"))),
                AdminOperation.get(HEALTH, operator, this::health)
                        .summary("Whether the enforcement core is processing and the embedded broker serves")
                        .responds(200, Response.json("The core runs", Schemas.object()))
                        .responds(503, Response.json("The core stopped, or the embedded broker failed for good and the"
                                + " hub is stopping (the body's broker member gives the reason, e.g. log-dir-failed):"
                                + " nothing is released", Schemas.object())),
                AdminOperation.get(LEDGER_VERIFY, Set.of(Role.AUDITOR), this::verifyLedger)
                        .summary("Check every chain of the ledger now, as kith ledger verify does: counts per chain, or"
                                + " its first bad record and the fault")
                        .responds(200, Response.json("The verification: ok, the records counted, and each chain's counts"
                                + " or first bad record (seq, line, fault code); no record's content", Schemas.object()))
                        .responds(503, Response.problem("The ledger topic could not be read now"))));
        operations.addAll(more);
        return operations;
    }

    /** Every operation of the served document: those behind the role gate, then those served to anyone. */
    public List<ApiOperation> documented() {
        List<ApiOperation> documented = new ArrayList<>(operations().stream().map(AdminOperation::documented).toList());
        documented.add(SERVE_DOCUMENT);
        documented.add(SERVE_FHIR_DEFINITION);
        return documented;
    }

    /** The OpenAPI document as served, made from {@link #documented()}. */
    public String document() {
        return ApiDocuments.admin(server, documented());
    }

    /**
     * Whether the enforcement core processes: 200 while it runs or rebalances, 503 once it stopped
     * (then nothing is released; the ingress still accepts and nothing accepted is lost), and 503
     * with the reason ({@code "broker": "log-dir-failed"}) once the embedded broker failed for good
     * and the hub is stopping; and 503 while a partition's oldest undecided message is older than
     * {@code kith.health.max.undecided.age.ms} ({@code "undecided"}: the age of each partition's,
     * and the reason naming the partitions behind).
     */
    private void health(Exchange exchange) throws Exception {
        String state = coreState.get();
        String broker = brokerState.get();
        Map<String, Object> waiting = undecided.report();
        boolean up = ProbeRoutes.ready(state, broker, waiting);
        HttpReply.json(exchange, up ? 200 : 503, Map.of("core", state, "broker", broker, "healthy", up,
                "undecided", waiting));
    }

    /**
     * Every chain of the ledger checked now (hashes, sequence, links, each checkpoint's Merkle root
     * and signature): {@code ok}, the records counted, and per chain its counts or its first bad
     * record and the fault's code. Counts and seqs only, no record's content.
     */
    private void verifyLedger(Exchange exchange) throws Exception {
        Map<String, LedgerVerification> results = ledger.verify();
        List<Map<String, Object>> chains = new ArrayList<>();
        long records = 0;
        for (LedgerVerification result : results.values()) {
            Map<String, Object> chain = new LinkedHashMap<>();
            if (result instanceof LedgerVerification.Ok ok) {
                records += ok.records();
                chain.put("chain", ok.chain());
                chain.put("ok", true);
                chain.put("records", ok.records());
                chain.put("checkpoints", ok.checkpoints());
                chain.put("sealedThrough", ok.sealedThrough());
                chain.put("unsealed", ok.unsealed());
            } else if (result instanceof LedgerVerification.Bad bad) {
                chain.put("chain", bad.chain());
                chain.put("ok", false);
                chain.put("seq", bad.seq());
                chain.put("line", bad.line());
                chain.put("fault", bad.fault().code());
            }
            chains.add(chain);
        }
        boolean ok = results.values().stream().allMatch(LedgerVerification::isOk);
        LOG.info("Ledger verified by user {}: {}", exchange.getProperty(RoleGate.USER), ok ? "ok" : "NOT OK");
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", ok);
        reply.put("records", records);
        reply.put("chains", chains);
        HttpReply.json(exchange, 200, reply);
    }

    /** The operators' metrics in the Prometheus text format (a scraper presents a token of the {@code metrics} role). */
    private void metrics(Exchange exchange) {
        HttpReply.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
    }

    /**
     * The family's accounting of disclosures (or one member's, with {@code ?person=}), as JSON, or
     * as a printable page with {@code ?format=html}. Read and logged by user id.
     */
    private void accounting(Exchange exchange) throws Exception {
        String familyId = ScopeGate.file(exchange).familyId();
        Optional<String> person = Optional.ofNullable(exchange.getMessage().getHeader("person", String.class));
        if (person.isPresent() && !person.get().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new ProblemException(Problem.of(400, "bad-person-id", "Not a person id",
                    "a person id is letters, digits, '.', '_' and '-'"));
        }
        List<Accounting.Entry> entries = accounting.entries(familyId, person);
        LOG.info("Accounting of family {} read by user {}", familyId, exchange.getProperty(RoleGate.USER));
        if ("html".equals(exchange.getMessage().getHeader("format", String.class))) {
            HttpReply.send(exchange, 200, "text/html; charset=utf-8", Accounting.html(familyId, person, entries));
        } else {
            HttpReply.json(exchange, 200, Accounting.json(familyId, person, entries));
        }
    }

    /**
     * The measures as the caller may see them: a user scoped to agencies sees what those agencies
     * see of their own referrals ({@link MeasureViewer}), an unscoped one the whole partnership's.
     */
    private static MeasureViewer viewer(Exchange exchange) {
        User user = ScopeGate.principal(exchange);
        return user.agencies().isEmpty() ? MeasureViewer.partnership() : MeasureViewer.partners(user.agencies());
    }

    /**
     * The dead letters of the families in the caller's scope. A scoped user's letter of a family
     * another instance holds is left out here (it cannot be checked here: fail closed); an unscoped
     * user sees every letter.
     */
    private void list(Exchange exchange) throws Exception {
        User user = ScopeGate.principal(exchange);
        Predicate<Set<String>> visible = letterFamilies -> {
            try {
                return scopes.covers(user, letterFamilies);
            } catch (IllegalStateException elsewhere) {
                return false;
            }
        };
        HttpReply.json(exchange, 200, Map.of("deadLetters", deadLetters.list(partner(exchange), visible)));
    }

    /** Whether the caller may act on a letter of these families; another instance holding one answers the request. */
    private Predicate<Set<String>> mayActOn(Exchange exchange) {
        User user = ScopeGate.principal(exchange);
        return letterFamilies -> scopes.covers(user, letterFamilies);
    }

    /** {@code ?partner=ID}: that partner's webhook dead letters instead of the hub's; 404 for no such partner. */
    private Optional<String> partner(Exchange exchange) {
        String partner = exchange.getMessage().getHeader("partner", String.class);
        if (partner == null || partner.isEmpty()) {
            return Optional.empty();
        }
        if (!partner.matches(Partner.ID_PATTERN) || partners.registration(partner).isEmpty()) {
            throw new ProblemException(Problem.of(404, "not-found", "Not found", "no such partner"));
        }
        return Optional.of(partner);
    }

    /**
     * How long a redelivery's answer waits for the core's decision: {@code ?wait=} seconds, at most
     * {@link #MAX_REDELIVERY_WAIT}, else {@link #REDELIVERY_WAIT}. The operator is told the outcome
     * (sent, or withheld and why) in the answer itself; a decision later than that is found in the
     * ledger by the decision id the answer gives.
     */
    private static Duration redeliveryWait(Exchange exchange) {
        String wait = exchange.getMessage().getHeader("wait", String.class);
        if (wait == null || wait.isEmpty()) {
            return REDELIVERY_WAIT;
        }
        if (!wait.matches("[0-9]{1,3}") || Integer.parseInt(wait) > MAX_REDELIVERY_WAIT.toSeconds()) {
            throw new ProblemException(Problem.of(400, "bad-wait", "Not a wait",
                    "wait is a whole number of seconds, at most " + MAX_REDELIVERY_WAIT.toSeconds()));
        }
        return Duration.ofSeconds(Integer.parseInt(wait));
    }

    private void replay(Exchange exchange) throws Exception {
        long offset;
        try {
            offset = Long.parseLong(exchange.getMessage().getHeader("offset", String.class));
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.of(400, "bad-offset", "Not an offset", "the offset must be a whole number"));
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        Optional<String> partner = partner(exchange);
        if (partner.isPresent()) {
            if (body != null && body.length > 0) {
                throw new ProblemException(Problem.of(400, "not-correctable", "Cannot be changed",
                        "a partner's dead letter is a copy the hub released: it is delivered again as it was, or not"));
            }
            Duration wait = redeliveryWait(exchange);
            DeadLetterReplay.Redelivered redelivered;
            try {
                redelivered = deadLetters.redeliver(partner.get(), offset, exchange.getProperty(RoleGate.USER, String.class),
                        wait, mayActOn(exchange));
            } catch (Elsewhere elsewhere) {
                throw elsewhere;
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problem.of(404, "not-found", "No such dead letter",
                        "no dead letter of the partner at this offset"));
            } catch (IllegalStateException e) {
                throw new ProblemException(Problem.of(410, "gone", "No longer kept",
                        "the released copy is no longer kept by the partner's outbound topic"));
            }
            String outcome = redelivered.decided().map(d -> d.sent() ? "sent" : "withheld").orElse("pending");
            LOG.info("Dead letter {} of partner {} redelivered by user {}: decision {} {}", offset, partner.get(),
                    exchange.getProperty(RoleGate.USER), redelivered.request().decisionId(), outcome);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("redelivered", offset);
            reply.put("partner", partner.get());
            reply.put("decisionId", redelivered.request().decisionId());
            reply.put("outcome", outcome);
            redelivered.decided().ifPresent(decided -> {
                reply.put("decision", decided.outcome());
                reply.put("reasons", decided.reasons());
            });
            HttpReply.json(exchange, redelivered.decided().isPresent() ? 200 : 202, reply);
            return;
        }
        if (body != null && body.length > maxBytes) {
            throw new ProblemException(Problem.tooLarge(maxBytes));
        }
        Optional<byte[]> corrected = body == null || body.length == 0 ? Optional.empty() : Optional.of(body);
        corrected.ifPresent(JsonBody::read); // 400 unless it is canonical, well-formed JSON

        try {
            deadLetters.replay(offset, corrected, exchange.getProperty(RoleGate.USER, String.class), mayActOn(exchange));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(404, "not-found", "No such dead letter",
                    "no dead letter at this offset"));
        }
        LOG.info("Dead letter {} replayed by user {}{}", offset, exchange.getProperty(RoleGate.USER),
                corrected.isPresent() ? " with corrected data" : "");
        HttpReply.json(exchange, 202, Map.of("replayed", offset));
    }
}
