using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Facet.SchemaRegistry.Api;
using Facet.Storage;
using Facet.Storage.Registry;
using Facet.Storage.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.SchemaRegistry;

/// <summary>
/// Builds the registry web application: the subset of Confluent's REST API (v1) that the Confluent serializers and
/// deserializers and common tools use, over a <see cref="SchemaRegistryStore"/>. Endpoints and error codes:
/// docs/schema-registry.md. Use <see cref="SchemaRegistryServer"/> to host it.
/// </summary>
public static class SchemaRegistryApp
{
    /// <summary>The media type Confluent's registry answers with (its clients also accept application/json).</summary>
    public const string ContentType = "application/vnd.schemaregistry.v1+json";

    /// <summary>The registry over <paramref name="store"/>, which the caller owns; not started.</summary>
    public static WebApplication Build(SchemaRegistryOptions options, SchemaRegistryStore store, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var builder = WebApplication.CreateSlimBuilder();
        var host = options.Bind.Contains(':', StringComparison.Ordinal) ? $"[{options.Bind}]" : options.Bind;
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{options.Port}"));
        logging?.Invoke(builder.Logging);
        var app = builder.Build();
        var handlers = new SchemaRegistryHandlers(store, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaRegistryApp)));
        if (options.AuthToken is { Length: > 0 } token)
        {
            app.Use(new RegistryAuth(token).InvokeAsync);
        }

        // Warehouse failures become Confluent's 50001 (a client retries those); nothing else escapes as a bare 500.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (ex is DbException or WarehouseSchemaException or ReportWarehouseException && !context.Response.HasStarted)
            {
                Log.StoreFailed(handlers.Logger, ex, context.Request.Method, context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = ContentType;
                await JsonSerializer.SerializeAsync(
                    context.Response.Body,
                    new RegistryError(RegistryErrorCodes.StoreError, "the registry's warehouse failed: " + ex.Message.Split('\n')[0].Trim()),
                    RegistryJsonContext.Default.RegistryError);
            }
        });

        Map(app, handlers);
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, SchemaRegistryHandlers h)
    {
        app.MapGet("/", () => Ok(new Dictionary<string, string>(), RegistryJsonContext.Default.DictionaryStringString));
        app.MapGet("/schemas/types", () => Ok<IReadOnlyList<string>>(["AVRO"], RegistryJsonContext.Default.IReadOnlyListString));
        app.MapGet("/mode", () => Ok(new ModeResponse("READWRITE"), RegistryJsonContext.Default.ModeResponse));

        app.MapGet("/subjects", h.Subjects);
        app.MapDelete("/subjects/{subject}", h.DeleteSubject);
        app.MapPost("/subjects/{subject}", h.Lookup);
        app.MapGet("/subjects/{subject}/versions", h.Versions);
        app.MapPost("/subjects/{subject}/versions", h.Register);
        app.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version, HttpContext context, CancellationToken ct) =>
            h.Version(subject, version, context, raw: false, ct));
        app.MapGet("/subjects/{subject}/versions/{version}/schema", (string subject, string version, HttpContext context, CancellationToken ct) =>
            h.Version(subject, version, context, raw: true, ct));
        app.MapDelete("/subjects/{subject}/versions/{version}", h.DeleteVersion);

        app.MapGet("/schemas/ids/{id}", (string id, CancellationToken ct) => h.SchemaById(id, raw: false, ct));
        app.MapGet("/schemas/ids/{id}/schema", (string id, CancellationToken ct) => h.SchemaById(id, raw: true, ct));
        app.MapGet("/schemas/ids/{id}/versions", h.SchemaUses);
        app.MapGet("/schemas/ids/{id}/subjects", h.SchemaSubjects);

        app.MapPost("/compatibility/subjects/{subject}/versions/{version}", h.TestCompatibility);
        app.MapPost("/compatibility/subjects/{subject}/versions", (string subject, HttpContext context, CancellationToken ct) =>
            h.TestCompatibility(subject, "all", context, ct));

        app.MapGet("/config", (CancellationToken ct) => h.GetConfig(null, defaultToGlobal: true, ct));
        app.MapPut("/config", (HttpContext context, CancellationToken ct) => h.SetConfig(null, context, ct));
        app.MapDelete("/config", (CancellationToken ct) => h.DeleteConfig(null, ct));
        app.MapGet("/config/{subject}", (string subject, bool? defaultToGlobal, CancellationToken ct) => h.GetConfig(subject, defaultToGlobal ?? false, ct));
        app.MapPut("/config/{subject}", (string subject, HttpContext context, CancellationToken ct) => h.SetConfig(subject, context, ct));
        app.MapDelete("/config/{subject}", (string subject, CancellationToken ct) => h.DeleteConfig(subject, ct));

        // Confluent's 2.16 serializer asks for the topic's associations first and carries on after a 404.
        app.MapMethods("/associations/{**rest}", ["GET", "POST", "PUT", "DELETE"], () =>
            Error(StatusCodes.Status404NotFound, RegistryErrorCodes.NotFound, "associations are not supported by Facet's schema registry"));
    }

    internal static IResult Ok<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        Results.Json(value, type, ContentType);

    internal static IResult Error(int status, int code, string message) =>
        Results.Json(new RegistryError(code, message), RegistryJsonContext.Default.RegistryError, ContentType, status);
}
