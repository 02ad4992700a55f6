package cn.fjquality.outbox;

import cn.fjquality.testsupport.ServiceInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every @QuarkusTest of this module runs against the test JVM's real PostgreSQL and Kafka. */
@QuarkusTestResource(value = ServiceInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "outbox"))
public class OutboxTestInfrastructure {
}
