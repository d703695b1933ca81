using System.CommandLine;
using Facet.SchemaRegistry;
using Facet.Storage;
using Facet.Storage.Registry;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet schema-registry</c>: Facet's embedded schema registry (Confluent's REST API subset) over the warehouse's
/// registry tables, until SIGINT/SIGTERM. Prints "schema-registry=http://…" once it listens.
/// </summary>
internal static class SchemaRegistryCommand
{
    public const string TokenVariable = "FACET_SCHEMA_REGISTRY_TOKEN";

    public static Command Create(TextWriter output)
    {
        var warehouse = ReportCommand.WarehouseOption();
        warehouse.Description = "Warehouse holding the registry's tables (migrated with facet db migrate): duckdb:PATH, postgres://… or Host=… (default: FACET_WAREHOUSE).";
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 8081 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on; loopback unless you ask otherwise.", DefaultValueFactory = _ => "127.0.0.1" };
        var authToken = new Option<string?>("--auth-token") { Description = $"Require this token on every request (Authorization: Bearer, or basic auth with the token as password); prefer the environment variable {TokenVariable}. Needed to --bind beyond loopback." };
        var noAuth = new Option<bool>("--no-auth") { Description = "Serve a non-loopback --bind without a token (anyone who can reach it can register schemas)." };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError($"--port must be between 0 and 65535 (got {r.GetValueOrDefault<int>()}).");
            }
        });

        var command = new Command("schema-registry", "Serve a schema registry (the Confluent REST API subset the Confluent serdes use) that stores Avro schemas in the warehouse and refuses incompatible versions.")
        {
            warehouse, port, bind, authToken, noAuth,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var location = ReportCommand.ParseWarehouse(parse.GetValue(warehouse));
            var options = new SchemaRegistryOptions
            {
                Port = parse.GetValue(port),
                Bind = parse.GetValue(bind) ?? "127.0.0.1",
                AuthToken = parse.GetValue(authToken) ?? (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null),
            };
            if (options.AuthToken is null && !parse.GetValue(noAuth) && !IsLoopback(options.Bind))
            {
                throw new UsageException($"--bind {options.Bind} exposes the schema registry beyond this machine: pass --auth-token (or set {TokenVariable}), or --no-auth to serve it without one");
            }

            using var shutdown = new ShutdownSignal(cancellationToken);
            await using var store = SchemaRegistryStore.Open(location);
            try
            {
                await store.CheckAsync(shutdown.Token);
            }
            catch (WarehouseSchemaException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"facet: {ex.Message}");
                return ExitCodes.Failure;
            }

            SchemaRegistryServer server;
            try
            {
                server = await SchemaRegistryServer.StartAsync(options, store, Settings.CliLogging.ConfigureWebHost, shutdown.Token);
            }
            catch (IOException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"facet: cannot listen on {options.Bind}:{options.Port} ({ex.Message}): pick another --port or --bind");
                return ExitCodes.Failure;
            }

            await using (server)
            {
                await output.WriteLineAsync($"schema-registry={server.Url.ToString().TrimEnd('/')}");
                await output.WriteLineAsync($"warehouse={location}");
                await output.FlushAsync(CancellationToken.None);
                try
                {
                    await Task.Delay(Timeout.Infinite, shutdown.Token);
                }
                catch (OperationCanceledException)
                {
                    // SIGINT/SIGTERM: a clean stop.
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool IsLoopback(string bind) =>
        bind.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(bind, out var address) && System.Net.IPAddress.IsLoopback(address));
}
