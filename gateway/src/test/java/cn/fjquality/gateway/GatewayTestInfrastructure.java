package cn.fjquality.gateway;

import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest of the gateway runs against a real units-service (see {@link UnitsServiceProcess}). */
@QuarkusTestResource(UnitsServiceProcess.class)
public class GatewayTestInfrastructure {
}
