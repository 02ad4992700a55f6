package cn.fjquality.systemtests;

import cn.fjquality.client.ApiClient;
import cn.fjquality.client.ApiException;
import cn.fjquality.client.ApiResponse;
import cn.fjquality.client.api.ApiKeysApi;
import cn.fjquality.client.api.ImportsApi;
import cn.fjquality.client.api.MeasurementsApi;
import cn.fjquality.client.api.TargetsApi;
import cn.fjquality.client.api.UnitsApi;
import cn.fjquality.client.model.CityComparison;
import cn.fjquality.client.model.CityFigure;
import cn.fjquality.client.model.CreateUnit;
import cn.fjquality.client.model.ImportConflict;
import cn.fjquality.client.model.ImportSummary;
import cn.fjquality.client.model.IssueReporterKey;
import cn.fjquality.client.model.IssuedKey;
import cn.fjquality.client.model.Measurement;
import cn.fjquality.client.model.MeasurementImport;
import cn.fjquality.client.model.MeasurementPage;
import cn.fjquality.client.model.ProgressDetail;
import cn.fjquality.client.model.ProgressFigure;
import cn.fjquality.client.model.SubmitMeasurement;
import cn.fjquality.client.model.Unit;
import cn.fjquality.client.model.UnitPage;
import cn.fjquality.client.model.UnitType;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A departmental system's flow through the gateway with the Java client generated from docs/openapi.json only
 * (openapi-generator 7.25.0, library "native": java.net.http and Jackson; target/generated-test-sources/fjq-client):
 * register a county, mint its REPORTER key, submit a value with an Idempotency-Key and repeat it (the same answer,
 * {@code Idempotent-Replayed: true}), import a CSV and read the summary, page through the county's values, read the
 * target's progress and the city comparison; and read a problem+json error by its code.
 *
 * <p>If the contract lies, this class fails: a changed operationId, parameter, model or field type breaks the
 * compilation of the test against the regenerated client; the client's ObjectMapper is strict where the generated
 * default is lenient (it fails on a field the contract does not list, on a scalar of the wrong JSON type, no coercion of
 * "1" to 1, and on an enumeration value the contract does not list); and every answer it receives goes through
 * {@link ContractCheck} (a status the operation does not declare, another media type, a body off its schema, a
 * declared field missing), whose mismatches fail the class in {@link #report()}.
 */
class GeneratedClientTest {
    static final String FOOD = "OL25-FOOD-SAMPLING-PASS-RATE";
    static final String CITY = "FJ-NINGDE";
    static SystemStack stack;
    static ContractCheck contract;
    static String county;
    static String division;
    static String reporterKey;

    @BeforeAll
    static void start() throws Exception {
        stack = SystemStack.get();
        contract = ContractCheck.forDocument(OpenApiDocument.live(stack));
        Random random = new Random();
        // a county of Ningde no other test touches; 35099x is no real division code of Ningde (350902 ... 350982)
        county = "FJ-NINGDE-CT" + (1000 + random.nextInt(9000));
        division = "35099" + random.nextInt(10);
    }

    @AfterAll
    static void report() {
        if (contract != null) {
            System.out.println(contract.summary("generated client"));
            assertThat(contract.mismatches()).as("answers to the generated client that differ from the merged OpenAPI:\n" + contract.report())
                    .isEmpty();
        }
    }

    /** The ObjectMapper a careful departmental system gives its generated client: it notices when the contract lies. */
    static ObjectMapper strictMapper() {
        ObjectMapper mapper = ApiClient.createDefaultObjectMapper();
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true);
        mapper.configure(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE, true);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        return mapper;
    }

    /** A generated client for one API key (sent as Authorization: Bearer; the "native" library leaves auth to an interceptor). */
    static ApiClient client(String apiKey, Consumer<HttpRequest.Builder> more) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(stack.gatewayUrl);
        client.setObjectMapper(strictMapper());
        client.setReadTimeout(Duration.ofSeconds(60));
        client.setHttpClientBuilder(RecordingHttpClient.builder((request, status, headers, body) -> contract.check(request.method(),
                request.uri().getRawPath(), status, headers.firstValue("Content-Type").orElse(null), body,
                "generated client: " + request.method() + " " + request.uri())));
        client.setRequestInterceptor(b -> {
            b.header("Authorization", "Bearer " + apiKey);
            if (more != null) {
                more.accept(b);
            }
        });
        return client;
    }

    static ApiClient client(String apiKey) {
        return client(apiKey, null);
    }

    @Test
    void aDepartmentalSystemsFlowWithTheGeneratedClient() throws Exception {
        ApiClient admin = client(stack.adminKey);

        // 1. an administrator registers a county of Ningde
        ApiResponse<Unit> registered = new UnitsApi(admin).registerUnitWithHttpInfo(new CreateUnit().code(county).nameZh("合同测试县")
                .nameEn("Contract Test County").type(UnitType.COUNTY).parentCode(CITY).divisionCode(division)
                // active since before the periods reported below (without it: from today, and 2024 is UNIT_INACTIVE)
                .activeFrom(java.time.LocalDate.of(2020, 1, 1)));
        assertThat(registered.getStatusCode()).isEqualTo(201);
        Unit unit = registered.getData();
        assertThat(unit.getCode()).isEqualTo(county);
        assertThat(unit.getType()).isEqualTo(UnitType.COUNTY);
        assertThat(unit.getParentCode()).isEqualTo(CITY);
        assertThat(unit.getDivisionCode()).isEqualTo(division);
        assertThat(unit.getActive()).isTrue();
        assertThat(unit.getActiveFrom()).isEqualTo(java.time.LocalDate.of(2020, 1, 1));
        // operations with several optional parameters are called with their request object (generated with
        // useSingleRequestParameter): a parameter the contract adds later does not shift the others
        UnitPage found = new UnitsApi(admin).listUnits(UnitsApi.APIListUnitsRequest.newBuilder().division(division).build());
        assertThat(found.getItems()).extracting(Unit::getCode).containsExactly(county);

        // 2. ... and mints its REPORTER key (the secret is in this answer only)
        ApiResponse<IssuedKey> issued = new ApiKeysApi(admin).issueUnitApiKeyWithHttpInfo(county, new IssueReporterKey().label("合同测试推送"));
        assertThat(issued.getStatusCode()).isEqualTo(201);
        assertThat(issued.getData().getRole()).isEqualTo("REPORTER");
        assertThat(issued.getData().getUnitCode()).isEqualTo(county);
        reporterKey = issued.getData().getApiKey();
        assertThat(reporterKey).startsWith("fjq_");
        ApiClient reporter = client(reporterKey);
        MeasurementsApi measurements = new MeasurementsApi(reporter);

        // 3. the county's system submits its 2024 figure with an Idempotency-Key (reports-service learns the new unit
        //    from units.v1: until then the answer is 422 UNKNOWN_UNIT, and the system tries again with a new key)
        SubmitMeasurement value = new SubmitMeasurement().target(FOOD).unit(county).period("2024")
                .numerator(new BigDecimal("990")).denominator(new BigDecimal("1000")).comment("合同测试");
        String[] sentKey = new String[1];
        ApiResponse<Measurement> first = eventually("reports-service accepts the new county's value",
                e -> e.getCode() == 422 && e.getResponseBody() != null && e.getResponseBody().contains("\"UNKNOWN_UNIT\""), () -> {
                    String key = UUID.randomUUID().toString();
                    ApiResponse<Measurement> r = measurements.submitMeasurementWithHttpInfo(value, key);
                    sentKey[0] = key;
                    return r;
                });
        String idempotencyKey = sentKey[0];
        assertThat(first.getStatusCode()).isEqualTo(201);
        Measurement stored = first.getData();
        assertThat(stored.getTarget()).isEqualTo(FOOD);
        assertThat(stored.getUnit()).isEqualTo(county);
        assertThat(stored.getPlace()).isEqualTo(county);
        assertThat(stored.getRevision()).isEqualTo(1);
        assertThat(stored.getValue()).isEqualByComparingTo("99");
        assertThat(first.getHeaders().getOrDefault("idempotent-replayed", List.of("false"))).containsExactly("false");

        // ... and, not sure it arrived (a lost connection, a 502/504), sends the same request again with the same key
        ApiResponse<Measurement> again = measurements.submitMeasurementWithHttpInfo(value, idempotencyKey);
        assertThat(again.getStatusCode()).isEqualTo(201);
        assertThat(again.getHeaders().get("idempotent-replayed")).containsExactly("true");
        assertThat(again.getData()).isEqualTo(stored);
        assertThat(measurements.listMeasurements(MeasurementsApi.APIListMeasurementsRequest.newBuilder()
                .target(FOOD).unit(county).from("2024").to("2024").build()).getTotal())
                .as("stored once").isEqualTo(1L);

        // 4. a CSV import of earlier years (one row with a period that cannot exist) and its summary. openapi-generator
        //    makes one method per operation, sending its first request media type (application/json): the system sends
        //    the CSV through the same method with the body and Content-Type swapped by the client's request interceptor.
        String csv = "target,unit,period,value,numerator,denominator,comment\r\n"
                + FOOD + "," + county + ",2023,,975,1000,2023年\r\n"
                + FOOD + "," + county + ",2022,,960,1000,2022年\r\n"
                + FOOD + "," + county + ",2023Q5,,1,1,\r\n";
        ApiClient csvClient = client(reporterKey, b -> b.setHeader("Content-Type", "text/csv; charset=UTF-8")
                .method("POST", HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)));
        ApiResponse<ImportSummary> imported = new ImportsApi(csvClient).importMeasurementsWithHttpInfo(new MeasurementImport(), false);
        assertThat(imported.getStatusCode()).isEqualTo(200);
        ImportSummary summary = imported.getData();
        assertThat(summary.getDryRun()).isFalse();
        assertThat(summary.getStatus()).isEqualTo(ImportSummary.StatusEnum.WARNING);
        assertThat(summary.getCounts().getTotal()).isEqualTo(3L);
        assertThat(summary.getCounts().getImported()).isEqualTo(2L);
        assertThat(summary.getCounts().getRejected()).isEqualTo(1L);
        assertThat(summary.getConflicts()).extracting(ImportConflict::getRow).containsExactly(3);
        // the JSON import is the generated method as it is (a dry run: nothing stored)
        ImportSummary dry = new ImportsApi(reporter).importMeasurements(new MeasurementImport().measurements(List.of(
                new SubmitMeasurement().target(FOOD).unit(county).period("2021").numerator(new BigDecimal("950")).denominator(new BigDecimal("1000")))), true);
        assertThat(dry.getDryRun()).isTrue();
        assertThat(dry.getCounts().getImported()).isEqualTo(1L);

        // paging as a departmental system reads a list: page by page until the total is reached (2024, 2023, 2022;
        // the dry run stored nothing)
        List<String> periods = new java.util.ArrayList<>();
        long total = -1;
        for (int page = 0; (total < 0 || periods.size() < total) && page < 10; page++) {
            MeasurementPage p = measurements.listMeasurements(MeasurementsApi.APIListMeasurementsRequest.newBuilder()
                    .target(FOOD).unit(county).page(page).size(2).build());
            assertThat(p.getPage()).isEqualTo(page);
            assertThat(p.getSize()).isEqualTo(2);
            assertThat(p.getItems()).hasSizeLessThanOrEqualTo(2).isNotEmpty();
            total = p.getTotal();
            p.getItems().forEach(m -> periods.add(m.getPeriod()));
        }
        assertThat(periods).containsExactlyInAnyOrder("2024", "2023", "2022");
        assertThat(measurements.listMeasurements(MeasurementsApi.APIListMeasurementsRequest.newBuilder()
                .target(FOOD).unit(county).page(2).size(2).build()).getItems()).as("a page past the end is empty").isEmpty();

        // 5. the target's progress: Ningde's 2024 figure is rolled up from its counties (this one among them), and the
        //    province's; then every city compared for 2024
        TargetsApi targets = new TargetsApi(admin);
        ProgressFigure ningde2024 = eventually("targets-service rolls the county's 2024 value up into Ningde's figure", () -> {
            ProgressDetail detail = targets.getTargetProgress(TargetsApi.APIGetTargetProgressRequest.newBuilder().code(FOOD).scope(CITY).build());
            ProgressFigure f = detail.getSeries().stream().filter(p -> "2024".equals(p.getPeriod())).findFirst().orElse(null);
            return f != null && f.getSource() == ProgressFigure.SourceEnum.ROLLED_UP && f.getRolledUpFrom() != null
                    && f.getRolledUpFrom().contains(county) ? f : null;
        });
        assertThat(ningde2024.getPlacesCovered()).isGreaterThanOrEqualTo(1);
        assertThat(ningde2024.getPlacesTotal()).isGreaterThan(ningde2024.getPlacesCovered() - 1);
        ProgressDetail province = targets.getTargetProgress(TargetsApi.APIGetTargetProgressRequest.newBuilder().code(FOOD).build());
        assertThat(province.getTargetCode()).isEqualTo(FOOD);
        assertThat(province.getSeries()).isNotEmpty();
        ProgressFigure ningde2023 = eventually("the imported 2023 value reaches Ningde's figure", () ->
                targets.getTargetProgress(TargetsApi.APIGetTargetProgressRequest.newBuilder().code(FOOD).scope(CITY).build()).getSeries().stream()
                        .filter(p -> "2023".equals(p.getPeriod()) && p.getRolledUpFrom() != null && p.getRolledUpFrom().contains(county))
                        .findFirst().orElse(null));
        assertThat(ningde2023.getSource()).isEqualTo(ProgressFigure.SourceEnum.ROLLED_UP);

        CityComparison comparison = targets.getTargetCityComparison(TargetsApi.APIGetTargetCityComparisonRequest.newBuilder()
                .code(FOOD).period("2024").build());
        assertThat(comparison.getPeriod()).isEqualTo("2024");
        assertThat(comparison.getCities()).hasSize(10);
        CityFigure ningdeRow = comparison.getCities().stream().filter(c -> CITY.equals(c.getCode())).findFirst().orElseThrow();
        assertThat(ningdeRow.getValue()).isEqualByComparingTo(ningde2024.getValue());
        assertThat(ningdeRow.getSource()).isEqualTo(CityFigure.SourceEnum.ROLLED_UP);
        assertThat(ningdeRow.getRank()).isNotNull();
    }

    /** The generated client's 4xx is an ApiException carrying the problem document: a contract answer, not a failure here. */
    @Test
    void anErrorIsAProblemDocumentTheClientCanRead() throws Exception {
        ApiClient admin = client(stack.adminKey);
        try {
            new UnitsApi(admin).getUnit("FJ-NO-SUCH-UNIT");
            fail("no such unit");
        } catch (ApiException e) {
            assertThat(e.getCode()).isEqualTo(404);
            cn.fjquality.client.model.Problem problem = strictMapper().readValue(e.getResponseBody(), cn.fjquality.client.model.Problem.class);
            assertThat(problem.getCode()).isEqualTo("UNIT_NOT_FOUND");
            assertThat(problem.getStatus()).isEqualTo(404);
        }
        try {
            new UnitsApi(client("fjq_aaaaaaaaaaaa_" + "A".repeat(43))).getUnit("FJ");
            fail("an unknown key");
        } catch (ApiException e) {
            assertThat(e.getCode()).isEqualTo(401);
            assertThat(strictMapper().readValue(e.getResponseBody(), cn.fjquality.client.model.Problem.class).getCode()).isEqualTo("INVALID_API_KEY");
        }
    }

    /** Polls (bounded, 90 s) until the call gives a non-null answer; any error answer fails at once. */
    static <T> T eventually(String what, Callable<T> probe) throws Exception {
        return eventually(what, e -> false, probe);
    }

    /**
     * Polls (bounded, 90 s) until the call gives a non-null answer; the error answers {@code notYet} accepts (the
     * eventual consistency between the services) count as "not yet", any other fails at once.
     */
    static <T> T eventually(String what, java.util.function.Predicate<ApiException> notYet, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        ApiException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T t = probe.call();
                if (t != null) {
                    return t;
                }
            } catch (ApiException e) {
                if (!notYet.test(e)) {
                    throw new AssertionError(what + ": " + e.getCode() + " " + e.getResponseBody(), e);
                }
                last = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + " (waited 90 s)" + (last != null ? ": " + last.getCode() + " " + last.getResponseBody() : ""), last);
    }
}
