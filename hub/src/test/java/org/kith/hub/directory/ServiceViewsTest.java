package org.kith.hub.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kith.hub.referral.ProviderCapacity;
import org.kith.hub.referral.ServiceGap;
import org.kith.schemas.Json;

/**
 * The capacity and service-gap views by directory service: each live service under its HSDS id
 * with its partner's report for its type and area; each gap with the services of its type offered
 * in its area. A draft is not live, so it is in neither.
 */
class ServiceViewsTest {

    private final Map<String, JsonNode> live = new TreeMap<>(Map.of(
            DirectoryEntries.key(DirectoryImport.Kind.ORGANIZATION, "org-1"), json("""
                    {"hsdsId": "org-1", "partnerId": "harbor", "name": "Harbor", "kind": "mental-health"}"""),
            DirectoryEntries.key(DirectoryImport.Kind.SERVICE, "svc-north"), json("""
                    {"hsdsId": "svc-north", "organizationId": "org-1", "partnerId": "harbor", "name": "Therapy North",
                     "status": "active", "serviceType": "mental-health", "areas": ["north-county"]}"""),
            DirectoryEntries.key(DirectoryImport.Kind.SERVICE, "svc-south"), json("""
                    {"hsdsId": "svc-south", "organizationId": "org-1", "partnerId": "harbor", "name": "Therapy South",
                     "status": "active", "serviceType": "mental-health", "areas": ["south-county"]}"""),
            DirectoryEntries.draftKey("service:svc-draft"), json("""
                    {"draftId": "service:svc-draft", "proposed": {"hsdsId": "svc-draft", "serviceType": "mental-health"}}""")));

    @Test
    void eachLiveServiceShowsItsPartnersReportForTheAreasItServes() {
        ProviderCapacity north = new ProviderCapacity("harbor", "mental-health", ProviderCapacity.Status.FULL, 0, null,
                List.of("north-county"), Instant.parse("2026-11-20T09:00:00Z"), Instant.parse("2026-11-20T09:01:00Z"));
        ProviderCapacity housing = new ProviderCapacity("lakeside", "housing", ProviderCapacity.Status.ACCEPTING, 3, null,
                List.of(), null, null);
        var rows = new ServiceViews(live.entrySet().stream().filter(e -> e.getKey().startsWith(DirectoryEntries.LIVE))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .capacity(Map.of(north.key(), Json.mapper().valueToTree(north), housing.key(), Json.mapper().valueToTree(housing)));

        assertEquals(List.of(
                new ServiceViews.ServiceCapacity("svc-north", "Therapy North", "harbor", "mental-health",
                        List.of("north-county"), "full", 0, null, "2026-11-20T09:00:00Z"),
                new ServiceViews.ServiceCapacity("svc-south", "Therapy South", "harbor", "mental-health",
                        List.of("south-county"), ServiceViews.UNREPORTED, null, null, null),
                new ServiceViews.ServiceCapacity(null, null, "lakeside", "housing", List.of(), "accepting", 3, null, null)),
                rows);
    }

    @Test
    void aGapListsTheServicesOfItsTypeOfferedInItsArea() {
        var views = new ServiceViews(Map.of(
                DirectoryEntries.key(DirectoryImport.Kind.SERVICE, "svc-north"),
                live.get(DirectoryEntries.key(DirectoryImport.Kind.SERVICE, "svc-north")),
                DirectoryEntries.key(DirectoryImport.Kind.SERVICE, "svc-south"),
                live.get(DirectoryEntries.key(DirectoryImport.Kind.SERVICE, "svc-south"))));

        assertEquals(List.of(
                new ServiceViews.Gap("mental-health", "north-county", "no-capacity", 4, List.of("svc-north")),
                new ServiceViews.Gap("housing", "north-county", "long-wait", 2, List.of()),
                new ServiceViews.Gap("mental-health", "not-shared", "not-eligible", 1, List.of())),
                views.gaps(List.of(new ServiceGap("mental-health", "north-county", "no-capacity", 4),
                        new ServiceGap("housing", "north-county", "long-wait", 2),
                        new ServiceGap("mental-health", "not-shared", "not-eligible", 1))));
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
