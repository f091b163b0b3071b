package dev.inspection.dataset.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.inspection.api.common.v1.PageRequest;
import dev.inspection.api.dataset.v1.CreateDatasetRequest;
import dev.inspection.api.dataset.v1.Dataset;
import dev.inspection.api.dataset.v1.DatasetServiceGrpc;
import dev.inspection.api.dataset.v1.GetDatasetRequest;
import dev.inspection.api.dataset.v1.ListDatasetsRequest;
import dev.inspection.api.dataset.v1.ListDatasetsResponse;
import dev.inspection.api.testing.ServerReflectionCheck;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Health (gRPC and HTTP), reflection, dataset CRUD, paging and the REST error format. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceInfrastructureTest {
    @TestHTTPResource("/")
    URL url;

    private GrpcClient client;

    @BeforeAll
    void connect() {
        client = new GrpcClient(url);
    }

    @AfterAll
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void grpcHealthReportsServing() {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(client.channel)
                .check(HealthCheckRequest.newBuilder().setService("").build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, response.getStatus());
    }

    @Test
    void serverReflectionListsTheDatasetServiceAndHealth() {
        ServerReflectionCheck.assertListsEveryService(client.channel, List.of(DatasetServiceGrpc.SERVICE_NAME));
    }

    @Test
    void httpReadinessIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void createsGetsAndPagesDatasets() {
        String prefix = "crud-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            client.blocking.createDataset(CreateDatasetRequest.newBuilder().setName(prefix + "-" + i)
                    .setDescription("d" + i).build());
        }
        GrpcClient.assertStatus(Status.Code.ALREADY_EXISTS, prefix + "-0", () -> client.blocking.createDataset(
                CreateDatasetRequest.newBuilder().setName(prefix + "-0").build()));
        GrpcClient.assertStatus(Status.Code.INVALID_ARGUMENT, "name", () -> client.blocking.createDataset(
                CreateDatasetRequest.newBuilder().setName("has space").build()));
        Dataset byName = client.blocking.getDataset(GetDatasetRequest.newBuilder().setName(prefix + "-1").build());
        assertEquals("d1", byName.getDescription());
        assertEquals(0, byName.getImageCount());
        assertEquals(byName, client.blocking.getDataset(GetDatasetRequest.newBuilder().setDatasetId(byName.getId()).build()));

        Set<String> names = new HashSet<>();
        String token = "";
        do {
            ListDatasetsResponse page = client.blocking.listDatasets(ListDatasetsRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(token)).build());
            assertTrue(page.getDatasetsCount() <= 2);
            page.getDatasetsList().forEach(d -> assertTrue(names.add(d.getName()), "repeated " + d.getName()));
            assertEquals(names.size() <= page.getPage().getTotalSize(), true);
            token = page.getPage().getNextPageToken();
        } while (!token.isEmpty());
        for (int i = 0; i < 3; i++) {
            assertTrue(names.contains(prefix + "-" + i));
        }
        GrpcClient.assertStatus(Status.Code.INVALID_ARGUMENT, "page_token", () -> client.blocking.listDatasets(
                ListDatasetsRequest.newBuilder().setPage(PageRequest.newBuilder().setPageToken("%%%")).build()));

        given().when().get("/api/v1/datasets").then().statusCode(200).body("name", hasItem(prefix + "-2"));
    }

    @Test
    void restAnswersUnknownIdsWithJson404() {
        String unknown = UUID.randomUUID().toString();
        given().when().get("/api/v1/datasets/" + unknown + "/stats")
                .then().statusCode(404).contentType("application/json").body("message", containsString(unknown));
        given().when().get("/api/v1/datasets/" + unknown + "/images/" + "0".repeat(64))
                .then().statusCode(404).contentType("application/json");
        given().when().get("/api/v1/datasets/not-a-uuid/images/abc/mask")
                .then().statusCode(404).contentType("application/json");
    }
}
