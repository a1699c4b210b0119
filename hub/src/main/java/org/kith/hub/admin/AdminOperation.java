package org.kith.hub.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.camel.Processor;
import org.kith.connectors.api.ApiOperation;
import org.kith.connectors.api.Body;
import org.kith.connectors.api.Parameter;
import org.kith.connectors.api.Response;
import org.kith.schemas.Json;

/**
 * One operation of the administration API, declared once: its method and path template
 * ({@code {name}} for a path parameter) with what the OpenAPI document says of it ({@link #api}:
 * summary, parameters, body, answers), the roles it admits, the families it touches
 * ({@link FamilyScope}: how the caller's agency scope applies) and what it does once
 * {@link RoleGate} and {@link ScopeGate} let the caller in. The API is a list of these: the Camel
 * routes are built from it ({@link AdminRoutes}), and so is the served document
 * ({@link #documented}), roles and scope included.
 *
 * <pre>{@code
 * AdminOperation.get(AdminRoutes.FAMILIES + "/{familyId}/accounting", Set.of(Role.AUDITOR), this::accounting)
 *         .summary("A family's accounting of disclosures")
 *         .parameter(AdminApi.PERSON)
 *         .responds(200, Response.json("The accounting", Schemas.object()))
 *         .responds(404, Response.problem("No such family in your scope"))
 * }</pre>
 *
 * <p>A path naming a family ({@code {familyId}}) is always {@link FamilyScope#FAMILY_PATH}: the
 * factories infer it, and the constructor refuses any other pairing, so a new family operation is
 * scope-checked whether or not its author thought of it. Any other scope is declared with
 * {@link #scoped}.
 */
public record AdminOperation(ApiOperation api, Set<Role> roles, FamilyScope scope, Processor action) {

    public AdminOperation {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(scope, "scope");
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(api.method() + " " + api.path() + " admits no role");
        }
        if (api.path().contains(FamilyScope.FAMILY_PARAMETER) != (scope == FamilyScope.FAMILY_PATH)) {
            throw new IllegalArgumentException(api.method() + " " + api.path() + ": a family in the path is scope "
                    + FamilyScope.FAMILY_PATH.code() + ", and only then; not " + scope.code());
        }
    }

    public static AdminOperation get(String path, Set<Role> roles, Processor action) {
        return of(ApiOperation.get(path), roles, action);
    }

    public static AdminOperation put(String path, Set<Role> roles, Processor action) {
        return of(ApiOperation.put(path), roles, action);
    }

    public static AdminOperation post(String path, Set<Role> roles, Processor action) {
        return of(ApiOperation.post(path), roles, action);
    }

    public static AdminOperation delete(String path, Set<Role> roles, Processor action) {
        return of(ApiOperation.delete(path), roles, action);
    }

    private static AdminOperation of(ApiOperation api, Set<Role> roles, Processor action) {
        return new AdminOperation(api, roles, inferred(api.path()), action);
    }

    public String method() {
        return api.method();
    }

    public String path() {
        return api.path();
    }

    /** This operation touching the families {@code scope} says (a family in the body, records, counts). */
    public AdminOperation scoped(FamilyScope scope) {
        return new AdminOperation(api, roles, scope, action);
    }

    public AdminOperation summary(String summary) {
        return api(api -> api.summary(summary));
    }

    public AdminOperation description(String description) {
        return api(api -> api.description(description));
    }

    public AdminOperation parameter(Parameter... parameters) {
        return api(api -> api.parameter(parameters));
    }

    public AdminOperation body(Body body) {
        return api(api -> api.body(body));
    }

    public AdminOperation responds(int status, Response response) {
        return api(api -> api.responds(status, response));
    }

    /** This operation with its declaration changed by {@code change} (an operation id, say). */
    public AdminOperation api(UnaryOperator<ApiOperation> change) {
        return new AdminOperation(change.apply(api), roles, scope, action);
    }

    /**
     * The operation as the served document gives it: the declaration with its roles
     * ({@code x-kith-roles}) and scope ({@code x-kith-scope}), each path parameter
     * {@link AdminApi#PATH_PARAMETERS} names, and the answers of the role gate and the dispatcher
     * ({@link AdminApi#DEFAULT_RESPONSES}) where it does not give its own.
     */
    public ApiOperation documented() {
        ArrayNode codes = Json.mapper().createArrayNode();
        roles.stream().map(Role::code).sorted().forEach(codes::add);
        ApiOperation documented = api.extension("x-kith-roles", codes)
                .extension("x-kith-scope", TextNode.valueOf(scope.code()))
                .respondsUnlessDeclared(AdminApi.DEFAULT_RESPONSES);
        for (String name : api.pathParameters()) {
            boolean declared = api.parameters().stream().anyMatch(p -> p.in().equals("path") && p.name().equals(name));
            if (!declared && AdminApi.PATH_PARAMETERS.containsKey(name)) {
                documented = documented.parameter(AdminApi.PATH_PARAMETERS.get(name));
            }
        }
        return documented;
    }

    private static FamilyScope inferred(String path) {
        return path.contains(FamilyScope.FAMILY_PARAMETER) ? FamilyScope.FAMILY_PATH : FamilyScope.NONE;
    }
}
