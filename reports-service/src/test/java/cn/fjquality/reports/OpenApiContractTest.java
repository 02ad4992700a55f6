package cn.fjquality.reports;

import cn.fjquality.testsupport.OpenApiContractChecks;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

/**
 * This service's part of the contract departmental systems generate their clients from (the gateway's merged
 * /api/openapi): the checks are test-support's {@link OpenApiContractChecks}, the same for every service; what is this
 * service's own is the list of its operations.
 */
@QuarkusTest
class OpenApiContractTest extends OpenApiContractChecks {
    /** This service's operations, in the order of the docs' tables. */
    static final List<String> OPERATION_IDS = List.of(
            "submitMeasurement", "listMeasurements", "getMeasurement", "listMeasurementRevisions", "approveMeasurement",
            "returnMeasurement", "importMeasurements", "getImportTemplate", "getCompleteness");

    @Override
    protected List<String> operationIds() {
        return OPERATION_IDS;
    }
}
