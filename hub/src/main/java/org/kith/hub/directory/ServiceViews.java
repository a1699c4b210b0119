package org.kith.hub.directory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.hub.referral.ProviderCapacity;
import org.kith.hub.referral.ServiceGap;
import org.kith.schemas.Json;

/**
 * The capacity and service-gap views by the directory's services, each under its own (HSDS) id.
 * Only approved services are in the directory's live entries, so a draft appears in neither.
 * A provider reports capacity per service type ({@link ProviderCapacity}); a service shows what its
 * partner last reported for its type, for the areas the service is offered in. A service gap lists
 * the services of its type offered in its area: none means the partnership has no such service
 * there; some means the services it has could not take the families referred.
 */
public final class ServiceViews {

    /** What the capacity view says when the service's partner reported nothing for its type. */
    public static final String UNREPORTED = "unreported";

    /**
     * One row of the capacity view: a directory service (its HSDS id, its partner, type and areas)
     * with its partner's last report for the type; or a report no directory service stands for
     * ({@code serviceId} null).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceCapacity(String serviceId, String name, String partner, String serviceType, List<String> areas,
                                  String status, Integer openings, Integer estimatedWaitDays, String asOf) {
    }

    /** A service-gap cell with the directory services of its type offered in its area (their HSDS ids). */
    public record Gap(String serviceType, String area, String reason, long count, List<String> services) {
    }

    /** A live directory service, as the views read it. */
    private record Service(String id, String name, String partner, String serviceType, List<String> areas) {

        boolean offeredIn(String area) {
            return areas.isEmpty() || areas.contains(area);
        }
    }

    private final List<Service> services;

    /** @param live the live directory entries by {@link DirectoryEntries#key} (organizations are skipped) */
    public ServiceViews(Map<String, JsonNode> live) {
        List<Service> found = new ArrayList<>();
        live.forEach((key, entry) -> {
            if (key.startsWith(DirectoryEntries.key(DirectoryImport.Kind.SERVICE, ""))) {
                List<String> areas = new ArrayList<>();
                entry.path("areas").forEach(area -> areas.add(area.asText()));
                found.add(new Service(entry.path("hsdsId").asText(), entry.path("name").asText(),
                        entry.path("partnerId").asText(), entry.path("serviceType").asText(null), List.copyOf(areas)));
            }
        });
        found.sort(Comparator.comparing(Service::id));
        this.services = List.copyOf(found);
    }

    /** Every directory service with its capacity, then every report no service stands for. */
    public List<ServiceCapacity> capacity(Map<String, JsonNode> reports) {
        List<ServiceCapacity> rows = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (Service service : services) {
            ProviderCapacity report = service.serviceType() == null ? null
                    : read(reports.get(ProviderCapacity.key(service.partner(), service.serviceType())));
            if (report != null && service.areas().stream().noneMatch(report::covers) && !service.areas().isEmpty()) {
                report = null; // a report for other areas than the service's says nothing of it
            }
            if (report != null) {
                shown.add(report.key());
            }
            rows.add(row(service.id(), service.name(), service.partner(), service.serviceType(), service.areas(), report));
        }
        reports.forEach((key, value) -> {
            ProviderCapacity report = read(value);
            if (report != null && !shown.contains(key)) {
                rows.add(row(null, null, report.partner(), report.serviceType(), report.areas(), report));
            }
        });
        return rows;
    }

    /** The gaps, in their order, each with the services of its type offered in its area. */
    public List<Gap> gaps(List<ServiceGap> gaps) {
        return gaps.stream().map(gap -> new Gap(gap.serviceType(), gap.area(), gap.reason(), gap.count(),
                services.stream().filter(s -> gap.serviceType().equals(s.serviceType()) && s.offeredIn(gap.area()))
                        .map(Service::id).toList())).toList();
    }

    private static ServiceCapacity row(String id, String name, String partner, String type, List<String> areas,
                                       ProviderCapacity report) {
        return report == null ? new ServiceCapacity(id, name, partner, type, areas, UNREPORTED, null, null, null)
                : new ServiceCapacity(id, name, partner, type, areas, report.status().code(), report.openings(),
                        report.estimatedWaitDays(), report.asOf() == null ? null : report.asOf().toString());
    }

    private static ProviderCapacity read(JsonNode report) {
        if (report == null || report.isNull()) {
            return null;
        }
        try {
            return Json.mapper().treeToValue(report, ProviderCapacity.class);
        } catch (java.io.IOException | IllegalArgumentException unreadable) {
            return null;
        }
    }
}
