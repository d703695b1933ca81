using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Facet.Testing;
using Xunit;
using ConfluentCompatibility = Confluent.SchemaRegistry.Compatibility;

namespace Facet.SchemaRegistry.Tests;

/// <summary>
/// Facet's registry as Confluent's 2.16 client library sees it, over HTTP on 127.0.0.1: the same tests for each
/// warehouse backend (subclasses). Subjects are unique per test, so tests may share a warehouse.
/// </summary>
public abstract class SchemaRegistryContract
{
    protected const string OrderV1 = """
        {"type":"record","name":"Order","namespace":"facet.test","fields":[
          {"name":"order_id","type":"string"},
          {"name":"quantity","type":"int"},
          {"name":"amount","type":"long"}]}
        """;

    protected const string OrderV2 = """
        {"type":"record","name":"Order","namespace":"facet.test","fields":[
          {"name":"order_id","type":"string"},
          {"name":"quantity","type":"int"},
          {"name":"amount","type":"long"},
          {"name":"promo_code","type":["null","string"],"default":null}]}
        """;

    // Adds a field without a default: a v2 reader could not read v1's data.
    protected const string OrderRequiredField = """
        {"type":"record","name":"Order","namespace":"facet.test","fields":[
          {"name":"order_id","type":"string"},
          {"name":"quantity","type":"int"},
          {"name":"amount","type":"long"},
          {"name":"currency","type":"string"}]}
        """;

    protected abstract Task<SchemaRegistryHost> StartAsync(string? authToken = null);

    private static string Subject() => "orders-" + Guid.NewGuid().ToString("N")[..8] + "-value";

    private static CachedSchemaRegistryClient Client(SchemaRegistryHost host) => new(new SchemaRegistryConfig { Url = host.ClientUrl });

    [Fact]
    public async Task One_schema_text_has_one_global_id_across_subjects_and_formatting()
    {
        await using var host = await StartAsync();
        using var client = Client(host);
        var subject = Subject();

        var id = await client.RegisterSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro));
        var again = await client.RegisterSchemaAsync(subject, new Schema(OrderV1.Replace("\n", " ", StringComparison.Ordinal), SchemaType.Avro));
        var elsewhere = await client.RegisterSchemaAsync(Subject(), new Schema(OrderV1, SchemaType.Avro));
        var v2 = await client.RegisterSchemaAsync(subject, new Schema(OrderV2, SchemaType.Avro));

        Assert.Equal(id, again);
        Assert.Equal(id, elsewhere);
        Assert.NotEqual(id, v2);
        Assert.Equal([1, 2], await client.GetSubjectVersionsAsync(subject));
        var fetched = await client.GetSchemaAsync(id);
        Assert.Equal(Avro.Schema.Parse(OrderV1).ToString(), fetched.SchemaString);
    }

    [Fact]
    public async Task Lookup_latest_and_version_reads_answer_as_Confluent_does()
    {
        await using var host = await StartAsync();
        using var client = Client(host);
        var subject = Subject();
        var id1 = await client.RegisterSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro));
        var id2 = await client.RegisterSchemaAsync(subject, new Schema(OrderV2, SchemaType.Avro));

        var latest = await client.GetLatestSchemaAsync(subject);
        var first = await client.GetRegisteredSchemaAsync(subject, 1, false);
        var lookedUp = await client.LookupSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro), true, false);

        Assert.Equal((subject, 2, id2), (latest.Subject, latest.Version, latest.Id));
        Assert.Equal((1, id1), (first.Version, first.Id));
        Assert.Equal((1, id1), (lookedUp.Version, lookedUp.Id));
        Assert.Contains(subject, await client.GetAllSubjectsAsync());
        Assert.True(await client.IsCompatibleAsync(subject, new Schema(OrderV2, SchemaType.Avro)));
    }

    [Fact]
    public async Task A_backward_compatible_version_is_registered_and_an_incompatible_one_is_refused_with_409()
    {
        await using var host = await StartAsync();
        using var client = Client(host);
        var subject = Subject();
        await client.RegisterSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro));

        Assert.False(await client.IsCompatibleAsync(subject, new Schema(OrderRequiredField, SchemaType.Avro)));
        var refused = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync(subject, new Schema(OrderRequiredField, SchemaType.Avro)));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(409, refused.ErrorCode);
        Assert.Contains("currency", refused.Message, StringComparison.Ordinal);
        Assert.Contains("default", refused.Message, StringComparison.Ordinal);
        Assert.Equal([1], await client.GetSubjectVersionsAsync(subject));
    }

    [Fact]
    public async Task A_subject_level_of_NONE_admits_what_the_global_BACKWARD_refuses()
    {
        await using var host = await StartAsync();
        using var client = Client(host);
        using var http = new HttpClient { BaseAddress = host.Url };
        var subject = Subject();
        await client.RegisterSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro));

        Assert.Equal("""{"compatibilityLevel":"BACKWARD"}""", await http.GetStringAsync(new Uri("config", UriKind.Relative)));
        Assert.Equal(ConfluentCompatibility.None, await client.UpdateCompatibilityAsync(ConfluentCompatibility.None, subject));
        await client.RegisterSchemaAsync(subject, new Schema(OrderRequiredField, SchemaType.Avro));

        Assert.Equal([1, 2], await client.GetSubjectVersionsAsync(subject));
        Assert.Equal("""{"compatibilityLevel":"NONE"}""", await http.GetStringAsync(new Uri($"config/{subject}", UriKind.Relative)));
    }

    [Fact]
    public async Task Failures_carry_Confluent_error_codes()
    {
        await using var host = await StartAsync();
        using var client = Client(host);
        using var http = new HttpClient { BaseAddress = host.Url };
        var subject = Subject();
        await client.RegisterSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro));

        Assert.Equal(40403, (await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaAsync(987654))).ErrorCode);
        Assert.Equal(40401, (await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetLatestSchemaAsync("no-such-subject"))).ErrorCode);
        Assert.Equal(40402, (await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetRegisteredSchemaAsync(subject, 7, false))).ErrorCode);
        Assert.Equal(42201, (await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            client.RegisterSchemaAsync(subject, new Schema("""{"type":"record","name":"Broken","fields":[{"name":"x","type":"nope"}]}""", SchemaType.Avro)))).ErrorCode);
        Assert.Equal(40403, (await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            client.LookupSchemaAsync(subject, new Schema(OrderV2, SchemaType.Avro), true, false))).ErrorCode);

        Assert.Equal((HttpStatusCode.UnprocessableEntity, 42202), await ErrorOf(http.GetAsync(new Uri($"subjects/{subject}/versions/zero", UriKind.Relative))));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, 42203), await ErrorOf(http.PutAsync(new Uri("config", UriKind.Relative), Json("""{"compatibility":"SIDEWAYS"}"""))));
        Assert.Equal((HttpStatusCode.NotFound, 404), await ErrorOf(http.GetAsync(new Uri("associations/resources/-/orders?resourceType=topic", UriKind.Relative))));
    }

    [Fact]
    public async Task A_subject_is_soft_deleted_before_it_can_be_deleted_for_good()
    {
        await using var host = await StartAsync();
        using var client = Client(host);
        using var http = new HttpClient { BaseAddress = host.Url };
        var subject = Subject();
        var id = await client.RegisterSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro));

        Assert.Equal((HttpStatusCode.NotFound, 40405), await ErrorOf(http.DeleteAsync(new Uri($"subjects/{subject}?permanent=true", UriKind.Relative))));
        Assert.Equal("[1]", await (await http.DeleteAsync(new Uri($"subjects/{subject}", UriKind.Relative))).Content.ReadAsStringAsync());
        Assert.DoesNotContain(subject, await client.GetAllSubjectsAsync());
        Assert.Equal((HttpStatusCode.NotFound, 40404), await ErrorOf(http.DeleteAsync(new Uri($"subjects/{subject}", UriKind.Relative))));
        Assert.Equal("[1]", await (await http.DeleteAsync(new Uri($"subjects/{subject}?permanent=true", UriKind.Relative))).Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.NotFound, 40401), await ErrorOf(http.GetAsync(new Uri($"subjects/{subject}/versions", UriKind.Relative))));

        // Ids are never reused: the schema keeps its id and registering it again gets it back.
        Assert.Equal(id, await client.RegisterSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro)));
    }

    [Fact]
    public async Task Confluents_Avro_serializer_and_deserializer_round_trip_a_record_through_the_registry()
    {
        await using var host = await StartAsync();
        using var client = Client(host);
        var topic = "orders-" + Guid.NewGuid().ToString("N")[..8];
        var schema = (Avro.RecordSchema)Avro.Schema.Parse(OrderV2);
        var record = new GenericRecord(schema);
        record.Add("order_id", "o-1");
        record.Add("quantity", 3);
        record.Add("amount", 191_247L);
        record.Add("promo_code", "WEEKENDSERU");
        var context = new SerializationContext(MessageComponentType.Value, topic);

        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(record, context);
        var decoded = await new AvroDeserializer<GenericRecord>(client).DeserializeAsync(bytes, false, context);

        Assert.Equal(0, bytes[0]);
        var registered = await client.GetLatestSchemaAsync(topic + "-value");
        Assert.Equal(registered.Id, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1, 4)));
        Assert.Equal(("o-1", 3, 191_247L, "WEEKENDSERU"), ((string)decoded["order_id"], (int)decoded["quantity"], (long)decoded["amount"], (string)decoded["promo_code"]));
    }

    [Fact]
    public async Task Schemas_versions_and_levels_survive_a_restart_on_the_same_warehouse()
    {
        var host = await StartAsync();
        var subject = Subject();
        int id1, id2;
        using (var client = Client(host))
        {
            id1 = await client.RegisterSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro));
            id2 = await client.RegisterSchemaAsync(subject, new Schema(OrderV2, SchemaType.Avro));
            await client.UpdateCompatibilityAsync(ConfluentCompatibility.Full, subject);
        }

        host = await host.RestartAsync();
        await using (host)
        {
            using var client = Client(host);
            using var http = new HttpClient { BaseAddress = host.Url };
            Assert.Equal(OrderV1Canonical, (await client.GetSchemaAsync(id1)).SchemaString);
            Assert.Equal((2, id2), ((await client.GetLatestSchemaAsync(subject)).Version, (await client.GetLatestSchemaAsync(subject)).Id));
            Assert.Equal("""{"compatibilityLevel":"FULL"}""", await http.GetStringAsync(new Uri($"config/{subject}", UriKind.Relative)));
            Assert.Equal(id1, await client.RegisterSchemaAsync(subject, new Schema(OrderV1, SchemaType.Avro)));
            Assert.True(await client.RegisterSchemaAsync(Subject(), new Schema(OrderRequiredField, SchemaType.Avro)) > id2);
        }
    }

    [Fact]
    public async Task With_a_token_requests_need_it_as_bearer_or_basic_auth_password()
    {
        await using var host = await StartAsync(authToken: "s3cret-token");
        using var anonymous = Client(host);
        using var withToken = new CachedSchemaRegistryClient(new SchemaRegistryConfig
        {
            Url = host.ClientUrl,
            BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo,
            BasicAuthUserInfo = "facet:s3cret-token",
        });
        using var bearer = new HttpClient { BaseAddress = host.Url };
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");

        var refused = await Assert.ThrowsAsync<SchemaRegistryException>(() => anonymous.GetAllSubjectsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        var id = await withToken.RegisterSchemaAsync(Subject(), new Schema(OrderV1, SchemaType.Avro));
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync(new Uri($"schemas/ids/{id}", UriKind.Relative))).StatusCode);
    }

    private static string OrderV1Canonical => Avro.Schema.Parse(OrderV1).ToString();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/vnd.schemaregistry.v1+json");

    private static async Task<(HttpStatusCode Status, int Code)> ErrorOf(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("error_code").GetInt32());
    }
}
