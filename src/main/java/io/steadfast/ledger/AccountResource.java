package io.steadfast.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steadfast.runtime.http.ApiException;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/accounts/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private static final String CREATE = "insert into ledger_account (id, currency, opening_balance, balance)"
            + " values (:id, :currency, :opening, :opening) on conflict do nothing";

    public record AccountView(String id, String currency, long balance) {
        static AccountView of(Account account) {
            return new AccountView(account.id, account.currency, account.balance);
        }
    }

    /** The body of {@code PUT /accounts/{id}}, as documented. */
    @Schema(description = "An account's currency and opening balance")
    public record OpenAccount(@Schema(required = true, description = "ISO 4217, e.g. EUR") String currency,
            @Schema(required = true, description = "Minor units, 0 or more") long openingBalance) {
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenAccount.class)))
    @APIResponse(responseCode = "201", description = "Opened",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "200", description = "Already open with the same currency and opening balance",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    public Uni<Response> open(@PathParam("id") String id, JsonNode body) {
        validateId(id);
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "invalid-account", "The body must be a JSON object");
        }
        String currency = TransferCommand.text(body, "currency", problems);
        if (currency != null && !TransferCommand.CURRENCY.matcher(currency).matches()) {
            problems.add("currency must be three capital letters (ISO 4217), was '" + currency + "'");
        }
        JsonNode opening = body.get("openingBalance");
        if (opening == null || !opening.isIntegralNumber() || !opening.canConvertToLong() || opening.asLong() < 0) {
            problems.add("openingBalance must be an integer number of minor units, 0 or more");
        }
        if (!problems.isEmpty()) {
            throw new ApiException(422, "invalid-account", String.join("; ", problems));
        }
        long openingBalance = opening.asLong();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(CREATE)
                .setParameter("id", id)
                .setParameter("currency", currency)
                .setParameter("opening", openingBalance)
                .executeUpdate())
                .chain(created -> Account.<Account> findById(id).map(account -> {
                    if (created == 1) {
                        return Response.status(201).entity(AccountView.of(account)).build();
                    }
                    if (account.currency.equals(currency) && account.openingBalance == openingBalance) {
                        return Response.ok(AccountView.of(account)).build();
                    }
                    throw new ApiException(409, "account-conflict", "Account " + id
                            + " exists with currency " + account.currency + " and opening balance "
                            + account.openingBalance);
                })));
    }

    @GET
    @WithSession
    public Uni<AccountView> get(@PathParam("id") String id) {
        validateId(id);
        return Account.<Account> findById(id).map(account -> {
            if (account == null) {
                throw new ApiException(404, "account-not-found", "No account " + id);
            }
            return AccountView.of(account);
        });
    }

    private static void validateId(String id) {
        if (!ACCOUNT_ID.matcher(id).matches()) {
            throw new ApiException(400, "invalid-account-id",
                    "An account id is 1 to 100 letters, digits, '.', '_' or '-'");
        }
    }
}
