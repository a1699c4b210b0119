package org.kith.hub.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kith.hub.Hub;
import org.kith.hub.admin.AdminRoutes;
import org.kith.hub.config.HubConfig;
import org.kith.hub.config.HubOption;
import org.kith.hub.config.PartnerRegistry;
import org.kith.hub.demo.AgencySystem;
import org.kith.hub.demo.DemoMessages;
import org.kith.hub.demo.PartnerWebhookServer;
import org.kith.hub.testing.AdminHttp;
import org.kith.hub.testing.AgencyAndClinic;
import org.kith.hub.testing.KafkaBrokers;
import org.kith.schemas.Json;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The administrators' console in a real headless Chromium against a real hub and broker: each
 * role does its work through the screens, the dry-run answers in the browser as the pipeline then
 * decides, and every screen a role may not use shows the API's 403 or 404. One hub and one
 * browser for the class; every wait is on the very condition asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String AGENCY = AgencyAndClinic.AGENCY;
    private static final String CLINIC = AgencyAndClinic.CLINIC;
    private static final String AGENCY_TOKEN = "console-it-agency-token";
    private static final Map<String, String> TOKENS = Map.of(
            "admin-1", "console-it-administrator", "admin-2", "console-it-second-administrator", "audit-1", "console-it-auditor",
            "officer-1", "console-it-officer", "officer-elsewhere", "console-it-officer-elsewhere",
            "oncall-1", "console-it-emergency", "ops-1", "console-it-operator");

    private Path dir;
    private PartnerWebhookServer clinic;
    private Hub hub;
    private AdminHttp api;
    private AgencySystem agency;
    private Browser browser;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        this.dir = dir;
        browser = Browser.start();
        driver = browser.driver();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        clinic = PartnerWebhookServer.start("/kith");
        hub = Hub.start(HubConfig.from(settings(dir, clinic), Map.of(), Map.of()), Clock.systemUTC());
        api = new AdminHttp(hub.httpPort());
        agency = AgencyAndClinic.agency(hub.httpPort(), AGENCY_TOKEN);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (clinic != null) {
            clinic.close();
        }
    }

    @Test
    void anAdministratorRegistersAPartnerAndAnAgreement() {
        signIn("admin-1", "#/partners");
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form.partner-form")));
        screenshot("partners");
        type(form, "id", "lakeside-housing");
        type(form, "name", "Lakeside Housing");
        new Select(form.findElement(By.name("kind"))).selectByValue("housing");
        type(form, "webhook", "http://127.0.0.1:9/in");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Partner lakeside-housing"));
        click(By.id("issue-token"));
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("issued-secret"))).getText();
        assertTrue(secret.startsWith("kith_"), secret);
        screenshot("partner-credentials");
        JsonNode registered = AdminHttp.json(api.get("/v1/admin/partners/lakeside-housing", token("audit-1")));
        assertEquals("housing", registered.get("kind").asText());
        assertTrue(registered.get("token").asBoolean(), "the token the console showed once is the partner's");

        go("#/agreements/agreements/new");
        WebElement config = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("config-form")));
        type(config, "id", "MOU-housing");
        String agreement = """
                {"parties": ["%s", "lakeside-housing"], "purposes": ["referral"], "messageTypes": ["referral"],
                 "categories": ["administrative", "service"], "effective": "2026-06-01", "expires": "2026-05-31"}"""
                .formatted(AGENCY);
        replace(config.findElement(By.name("object")), agreement);
        config.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement violation = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#config-outcome .violations li")));
        assertTrue(violation.getText().startsWith("/expires"), "the schema's message names the field: " + violation.getText());
        assertEquals("true", config.findElement(By.name("object")).getAttribute("aria-invalid"));
        screenshot("agreement-invalid");
        replace(config.findElement(By.name("object")), agreement.replace("2026-05-31", "2030-12-31"));
        config.findElement(By.cssSelector("button[type=submit]")).click();
        String change = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#config-outcome [data-change]")))
                .getAttribute("data-change");
        assertEquals(404, api.get("/v1/admin/agreements/MOU-housing", token("audit-1")).statusCode(), "not in force before approval");

        // four-eyes: its author may not approve it, the API says so on the screen
        go("#/agreements");
        click(By.cssSelector("[data-approve='" + change + "']"));
        WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#changes-outcome [data-refusal]")));
        assertEquals("403", refused.getAttribute("data-refusal"), refused.getText());
        screenshot("agreements-pending");
        signIn("admin-2", "#/agreements");
        click(By.cssSelector("[data-approve='" + change + "']"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("changes-outcome"), "Approved and applied"));
        WebElement status = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tr[td/a[text()='MOU-housing']]//span[@data-status]")));
        assertEquals("in-force", status.getAttribute("data-status"));
        assertEquals(200, api.get("/v1/admin/agreements/MOU-housing", token("audit-1")).statusCode());
        screenshot("agreements");

        click(By.linkText("MOU-housing"));
        wait.until(ExpectedConditions.attributeToBe(By.id("main"), "data-route", "#/agreements/agreements/MOU-housing"));
        String history = driver.findElement(By.xpath("//h2[text()='History']/following-sibling::table")).getText();
        assertTrue(history.contains("admin-2") && history.contains("admin-1"), "applied by one, asked by the other: " + history);
    }

    @Test
    void aConsentOfficerRecordsAndRevokesADirective() throws IOException {
        assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-C1")).statusCode());
        await().atMost(DEADLINE).until(() -> api.get(AdminRoutes.FAMILIES + "/F-C1/directives", token("officer-1"))
                .statusCode(), status -> status == 200);
        signIn("officer-1", "#/consent/F-C1");
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("directive-form")));
        type(form, "directiveId", "D-C1");
        type(form, "recipients", CLINIC);
        replace(form.findElement(By.name("to")), "2030-12-31");
        type(form, "formReference", "CW-17");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        // accepted (202), then filed by the core: the screen draws the file again once the API shows it
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-revoke='D-C1']")));
        screenshot("consent");

        // the same consent exported as FHIR and recorded again from the file, under another id
        Path file = dir.resolve("consent-D-C2.json");
        Files.writeString(file, api.get(AdminRoutes.FAMILIES + "/F-C1/directives/D-C1?format=fhir", token("officer-1"))
                .body().replace("D-C1", "D-C2"));
        driver.findElement(By.cssSelector("#fhir-form input[type=file]")).sendKeys(file.toAbsolutePath().toString());
        driver.findElement(By.cssSelector("#fhir-form button[type=submit]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-revoke='D-C2']")));

        click(By.cssSelector("[data-revoke='D-C1']"));
        click(By.id("confirm-revoke"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("consent-outcome"), "Revocation of D-C1 recorded"));
        assertTrue(driver.findElements(By.cssSelector("[data-revoke='D-C1']")).isEmpty(), "shown revoked, no longer revocable");
        JsonNode revoked = AdminHttp.json(api.get(AdminRoutes.FAMILIES + "/F-C1/directives/D-C1", token("officer-1")));
        assertEquals("revoked", revoked.path("status").asText());
        assertEquals("CW-17", revoked.at("/data/evidence/formReference").asText(), "recorded as the form said");
        assertEquals(List.of(CLINIC), Json.mapper().convertValue(revoked.at("/data/recipients"), List.class));
        JsonNode imported = AdminHttp.json(api.get(AdminRoutes.FAMILIES + "/F-C1/directives/D-C2", token("officer-1")));
        assertEquals("active", imported.path("status").asText());
        assertEquals(List.of(CLINIC), Json.mapper().convertValue(imported.at("/data/recipients"), List.class));
    }

    @Test
    void theDryRunAnswersAsThePipelineThenDecides() throws IOException {
        assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-D1")).statusCode());
        assertEquals(202, agency.publish(DemoMessages.consent(AGENCY, "F-D1", "D-D1", CLINIC)).statusCode());
        String message = DemoMessages.referralWithFamilyContact(AGENCY, "F-D1", "R-D1", CLINIC);
        // the consent is in the family's file once the dry-run (of the API) permits anything
        await().atMost(DEADLINE).until(() -> AdminHttp.json(api.send("POST", "/v1/admin/dry-run", token("admin-1"),
                message, "application/cloudevents+json")).at("/recipients/0/outcome").asText(), "redact"::equals);
        JsonNode event = Json.mapper().readTree(message);

        signIn("admin-1", "#/dry-run");
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dry-run-form")));
        type(form, "sender", AGENCY);
        type(form, "recipients", CLINIC);
        type(form, "family", "F-D1");
        type(form, "subject", "R-D1");
        replace(form.findElement(By.name("data")), event.get("data").toString());
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-recipient='" + CLINIC + "'] [data-outcome]")));
        String shown = outcome.getAttribute("data-outcome");
        List<String> withheld = driver.findElements(By.cssSelector("[data-recipient='" + CLINIC + "'] tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")))
                .filter(cells -> cells.get(1).getText().equals("withheld"))
                .map(cells -> cells.get(0).getText() + ":" + cells.get(2).getText()).toList();
        screenshot("dry-run");

        assertEquals(202, agency.publish(message).statusCode());
        JsonNode decided = await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(AdminRoutes.FAMILIES
                + "/F-D1/accounting", token("audit-1"))).path("entries"), entries -> entries.size() == 1).get(0);
        assertEquals(decided.get("outcome").asText(), shown, "the browser said what the pipeline did");
        assertEquals(Json.mapper().convertValue(decided.get("withheld"), List.class), withheld,
                "each category withheld, and why, as the pipeline withheld it");
        assertFalse(withheld.isEmpty(), "the family's contact data is withheld");
    }

    @Test
    void anOperatorDeliversAPartnersDeadLetterAgainAndWatchesOperations() {
        clinic.refuse("R-L1", 422);
        assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-L1")).statusCode());
        assertEquals(202, agency.publish(DemoMessages.consent(AGENCY, "F-L1", "D-L1", CLINIC)).statusCode());
        assertEquals(202, agency.publish(DemoMessages.referral(AGENCY, "F-L1", "R-L1", CLINIC)).statusCode());
        long offset = await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(AdminRoutes.DEAD_LETTERS
                + "?partner=" + CLINIC, token("ops-1"))).path("deadLetters"), letters -> letters.size() == 1)
                .get(0).get("offset").asLong();
        clinic.accept("R-L1");

        signIn("ops-1", "#/dead-letters?partner=" + CLINIC);
        click(By.cssSelector("button[data-offset='" + offset + "']"));
        screenshot("dead-letters");
        click(By.id("replay"));
        WebElement outcome = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#replay-outcome [data-outcome]")));
        assertEquals("sent", outcome.getAttribute("data-outcome"), outcome.getText());
        assertTrue(clinic.deliveries().stream().anyMatch(d -> d.body().contains("R-L1")), "delivered again, decided again");

        go("#/operations");
        wait.until(ExpectedConditions.attributeToBe(By.id("healthy"), "data-healthy", "true"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-partner='" + CLINIC + "']"), "closed"));
        // a refusal happens while the screen is open: the screen shows it without a reload
        long before = shownOutOfScope();
        assertEquals(404, api.get(AdminRoutes.FAMILIES + "/F-L1/directives", token("officer-elsewhere")).statusCode());
        wait.until(d -> shownOutOfScope() > before);
        screenshot("operations");
    }

    @Test
    void anAuditorVerifiesTheLedgerAndPrintsAnAccounting() {
        assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-A1")).statusCode());
        assertEquals(202, agency.publish(DemoMessages.consent(AGENCY, "F-A1", "D-A1", CLINIC)).statusCode());
        assertEquals(202, agency.publish(DemoMessages.referral(AGENCY, "F-A1", "R-A1", CLINIC)).statusCode());
        await().atMost(DEADLINE).until(() -> AdminHttp.json(api.get(AdminRoutes.FAMILIES + "/F-A1/accounting",
                token("audit-1"))).path("entries").size(), n -> n == 1);

        signIn("audit-1", "#/ledger");
        click(By.id("verify-ledger"));
        wait.until(ExpectedConditions.textToBe(By.id("ledger-verdict"), "OK"));
        screenshot("ledger");
        WebElement form = driver.findElement(By.id("accounting-form"));
        type(form, "family", "F-A1");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//tbody/tr[td[text()='" + CLINIC + "']]")));
        assertTrue(row.getText().contains("permit"), row.getText());
        screenshot("accounting");
        // printed, the page is the accounting alone: no navigation, no buttons
        browser.printMedia(true);
        try {
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("nav")));
            assertFalse(driver.findElement(By.id("print")).isDisplayed());
            assertTrue(driver.findElement(By.id("accounting-heading")).isDisplayed());
        } finally {
            browser.printMedia(false);
        }

        // the measures screen shows the very numbers of the API's report, suppressed counts as *
        go("#/measures");
        JsonNode report = AdminHttp.json(api.get(AdminRoutes.MEASURES, token("audit-1")));
        assertFalse(report.path("tables").isEmpty());
        for (JsonNode table : report.path("tables")) {
            List<List<String>> expected = new java.util.ArrayList<>();
            for (int r = 0; r < table.path("rows").size(); r++) {
                List<String> line = new java.util.ArrayList<>(List.of(table.path("rows").get(r).asText()));
                table.path("cells").get(r).forEach(cell -> line.add(shown(cell)));
                line.add(shown(table.path("rowTotals").get(r)));
                expected.add(line);
            }
            List<String> totals = new java.util.ArrayList<>(List.of("Total"));
            table.path("columnTotals").forEach(cell -> totals.add(shown(cell)));
            totals.add(shown(table.path("grandTotal")));
            expected.add(totals);
            List<List<String>> shown = driver.findElements(By.cssSelector("section[data-measure='" + table.path("id").asText()
                    + "'] tbody tr")).stream().map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText)
                    .toList()).toList();
            assertEquals(expected, shown, table.path("id").asText());
        }
        assertTrue(driver.findElements(By.cssSelector("section[data-measure] svg.chart")).size() >= 1, "a chart per table");
        screenshot("measures");
    }

    private static String shown(JsonNode count) {
        return count == null || count.isNull() ? "*" : count.asText();
    }

    /** Each role sees the API's refusal, as a clear screen, on every screen of another role. */
    @Test
    void eachRoleSeesTheApisRefusalsForTheScreensOfOthers() {
        assertEquals(202, agency.publish(DemoMessages.profile(AGENCY, "F-R1")).statusCode());
        await().atMost(DEADLINE).until(() -> api.get(AdminRoutes.FAMILIES + "/F-R1/directives", token("officer-1"))
                .statusCode(), status -> status == 200);
        Map<String, String> refused = new java.util.TreeMap<>();
        Map<String, List<String>> forbidden = Map.of(
                "admin-1", List.of("#/consent/F-R1", "#/accounting/F-R1", "#/dead-letters", "#/operations"),
                "audit-1", List.of("#/dead-letters", "#/operations"),
                "officer-1", List.of("#/partners", "#/agreements", "#/dead-letters", "#/measures", "#/operations"),
                "ops-1", List.of("#/partners", "#/agreements", "#/consent/F-R1", "#/accounting/F-R1", "#/measures"),
                "oncall-1", List.of("#/partners", "#/agreements", "#/consent/F-R1", "#/dead-letters", "#/operations"));
        for (var user : forbidden.entrySet()) {
            signIn(user.getKey(), user.getValue().get(0));
            for (String screen : user.getValue()) {
                go(screen);
                refused.put(user.getKey() + " " + screen, refusal(user.getKey() + " " + screen).getAttribute("data-refusal"));
            }
        }
        // a family of another agency is, for a scoped officer, a family that does not exist
        signIn("officer-elsewhere", "#/consent/F-R1");
        WebElement notFound = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section[data-refusal]")));
        assertEquals("404", notFound.getAttribute("data-refusal"));
        assertEquals("Not found", notFound.findElement(By.tagName("h1")).getText());
        screenshot("refused-out-of-scope");
        go("#/dead-letters");
        WebElement forbiddenScreen = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section[data-refusal]")));
        assertEquals("Not allowed", forbiddenScreen.findElement(By.tagName("h1")).getText());
        screenshot("refused-role");

        refused.forEach((where, status) -> assertEquals("403", status, where));
        assertEquals(21, refused.size());
    }

    @Test
    void theConsoleIsServedUnderAStrictPolicyAndKeepsTheTokenInMemoryOnly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String asset : List.of("/console", "/console/app.js", "/console/console.css")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + asset)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), asset);
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'")
                    && !policy.contains("unsafe-inline"), asset + ": " + policy);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), asset);
        }
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base() + "/console/..%2Fadmin%2Fopenapi.json")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "only the console's own files");
        assertFalse(http.send(HttpRequest.newBuilder(URI.create(base() + "/console")).build(),
                HttpResponse.BodyHandlers.ofString()).body().contains("<script>"), "no inline script");

        signIn("audit-1", "#/partners");
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Partners"));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        assertEquals("", js.executeScript("return document.cookie"));
        assertEquals(0L, js.executeScript("return localStorage.length + sessionStorage.length"));
        assertFalse(driver.getPageSource().contains(token("audit-1")), "the token is nowhere in the page");
        assertTrue(browser.policyViolations().isEmpty(), "no script or style the policy refused: " + browser.policyViolations());
        // a user-supplied text is shown as text, never run as markup
        go("#/consent/%3Cimg%20src%3Dx%3E");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section[data-refusal]")));
        assertTrue(driver.findElements(By.cssSelector("main img")).isEmpty(), "an id is text, not markup");

        click(By.id("sign-out"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        ((JavascriptExecutor) driver).executeScript("location.hash = '#/partners'");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertTrue(driver.findElements(By.cssSelector("table")).isEmpty(), "signed out, the screens ask for a sign-in");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertFalse(driver.findElement(By.id("nav")).isDisplayed(), "a reload forgets the token");

        // by keyboard alone: the token field has the focus, Enter signs in, Shift+Tab leaves the screen for the
        // sign-out button and then the screens' links, Enter opens one
        driver.switchTo().activeElement().sendKeys(token("audit-1") + Keys.ENTER);
        wait.until(ExpectedConditions.attributeToBe(By.id("main"), "data-route", "#/partners"));
        assertEquals("main", driver.switchTo().activeElement().getAttribute("id"), "a drawn screen has the focus");
        driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        assertEquals("sign-out", driver.switchTo().activeElement().getAttribute("id"));
        driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.attributeToBe(By.id("main"), "data-route", "#/operations"));
        assertEquals("403", refusal("the operations screen for an auditor").getAttribute("data-refusal"));
        assertTrue(browser.policyViolations().isEmpty(), "no script or style the policy refused: " + browser.policyViolations());
    }

    // ---------------------------------------------------------------- helpers

    /** The refusal screen now shown, or a failure naming {@code where} and what the screen shows instead. */
    private WebElement refusal(String where) {
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section[data-refusal]")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(where + ": no refusal; the screen shows: " + driver.findElement(By.id("main")).getText(), e);
        }
    }

    /** The recent refusals for want of scope the operations screen shows now (0 before the first). */
    private long shownOutOfScope() {
        List<WebElement> cells = driver.findElements(By.xpath(
                "//section[@id='refusals']//table[1]//tr[td[1]='out-of-scope']/td[3]"));
        return cells.isEmpty() ? 0 : Long.parseLong(cells.get(0).getText());
    }

    /** Opens the console afresh (a new page forgets any token) and signs in as {@code user}, then goes to {@code hash}. */
    private void signIn(String user, String hash) {
        // a page of its own first: from the console, a URL that differs only in its fragment would not load the page again
        driver.get("about:blank");
        driver.get(base() + "/console" + hash);
        WebElement token;
        try {
            token = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no sign-in form; the browser said: " + browser.messages(), e);
        }
        token.sendKeys(token(user));
        driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("main"), "data-route", hash));
    }

    private void go(String hash) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", hash);
        wait.until(ExpectedConditions.attributeToBe(By.id("main"), "data-route", hash));
    }

    private void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private static void type(WebElement form, String name, String text) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(text);
    }

    private void replace(WebElement textarea, String text) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", textarea, text);
    }

    /** Writes what the window shows, after checking that every form control on it has a label a screen reader reads. */
    private void screenshot(String name) {
        Object unlabelled = ((JavascriptExecutor) driver).executeScript("return [...document.querySelectorAll("
                + "'main input, main select, main textarea')].filter(c => c.labels.length === 0 && !c.getAttribute('aria-label'))"
                + ".map(c => c.name || c.id || c.tagName)");
        assertEquals(List.of(), unlabelled, name + ": every control is labelled");
        browser.screenshot(Path.of("target", "console-screenshots", name + ".png"));
    }

    private String base() {
        return "http://127.0.0.1:" + hub.httpPort();
    }

    private static String token(String user) {
        return TOKENS.get(user);
    }

    private static Map<String, String> settings(Path dir, PartnerWebhookServer clinic) throws IOException {
        Map<String, String> settings = AgencyAndClinic.hubSettings(dir, AGENCY_TOKEN, clinic.url("/kith"),
                KafkaBrokers.Kind.EMBEDDED, "console");
        Files.writeString(dir.resolve("users.json"), """
                {"users": [
                  {"id": "admin-1", "roles": ["administrator"], "tokenSha256": "%s"},
                  {"id": "admin-2", "roles": ["administrator"], "tokenSha256": "%s"},
                  {"id": "audit-1", "roles": ["auditor"], "tokenSha256": "%s"},
                  {"id": "officer-1", "roles": ["consent-officer"], "agencies": ["%s"], "tokenSha256": "%s"},
                  {"id": "officer-elsewhere", "roles": ["consent-officer"], "agencies": ["other-county-cw"], "tokenSha256": "%s"},
                  {"id": "oncall-1", "roles": ["emergency"], "tokenSha256": "%s"},
                  {"id": "ops-1", "roles": ["operator"], "tokenSha256": "%s"}]}
                """.formatted(hash("admin-1"), hash("admin-2"), hash("audit-1"), AGENCY, hash("officer-1"), hash("officer-elsewhere"),
                hash("oncall-1"), hash("ops-1")));
        settings.put(HubOption.USERS_FILE.key(), dir.resolve("users.json").toString());
        settings.put(HubOption.COMMIT_INTERVAL_MS.key(), "50");
        settings.put(HubOption.LEDGER_CHECKPOINT_MS.key(), "500");
        // a change to an agreement waits for a second administrator, as a county office would run it
        settings.put(HubOption.ADMIN_FOUR_EYES.key(), "true");
        // small enough that the few referrals of the class show as counts on the measures screen
        settings.put(HubOption.EVALUATION_THRESHOLD.key(), "2");
        return settings;
    }

    private static String hash(String user) {
        return PartnerRegistry.sha256(token(user));
    }

    static {
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
    }
}
