using System.CommandLine;
using Facet.Cli.Metrics;
using Facet.Dashboard;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet dashboard</c>: the live dashboard and report API over a warehouse, read-only, until SIGINT/SIGTERM.
/// Prints "dashboard=http://…" once it listens.
/// </summary>
internal static class DashboardCommand
{
    public const string TokenVariable = "FACET_DASHBOARD_TOKEN";

    private static bool IsLoopback(string bind) =>
        bind.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(bind, out var address) && System.Net.IPAddress.IsLoopback(address));

    public static Command Create(TextWriter output)
    {
        var warehouse = ReportCommand.WarehouseOption();
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 5080 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on; loopback unless you ask otherwise.", DefaultValueFactory = _ => "127.0.0.1" };
        var authToken = new Option<string?>("--auth-token") { Description = $"Require this token on every request (Authorization: Bearer, or open the page once with ?token=…); prefer the environment variable {TokenVariable}. Needed to --bind beyond loopback." };
        var noAuth = new Option<bool>("--no-auth") { Description = "Serve a non-loopback --bind without a token (anyone who can reach it reads the warehouse's reports)." };
        var tz = new Option<string>("--tz") { Description = "IANA time zone of the page's days and hours.", DefaultValueFactory = _ => "UTC" };
        var cache = CacheFlag.Create();
        var fx = new Option<string?>("--fx") { Description = "A rate table (CSV date,currency,rate_to_base,base): revenue is shown converted to the base currency." };
        var funnels = new Option<string?>("--funnels") { Description = "A JSON file of funnel definitions the API's funnel report can name (docs/reports.md)." };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError($"--port must be between 0 and 65535 (got {r.GetValueOrDefault<int>()}).");
            }
        });

        var scheduleFile = new Option<string?>("--schedule-file") { Description = "Also serve /schedule: the DAGs of this pipeline file (docs/schedule.md), a grid of their recent runs and trigger buttons.", HelpName = "FILE" };
        var command = new Command("dashboard", "Serve the live dashboard (KPIs, charts, funnel, pipeline panel) and the report API (JSON, CSV, SSE, /metrics) over a warehouse, read-only.")
        {
            warehouse, port, bind, tz, authToken, noAuth, scheduleFile, cache, fx, funnels,
        };
        var metricsOptions = new MetricsCliOptions();
        metricsOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var location = ReportCommand.ParseWarehouse(parse.GetValue(warehouse));
            var options = new DashboardOptions
            {
                Port = parse.GetValue(port),
                Bind = parse.GetValue(bind) ?? "127.0.0.1",
                TimeZone = parse.GetValue(tz) ?? "UTC",
                AuthToken = parse.GetValue(authToken) ?? (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null),
                AllowAnonymousRemote = parse.GetValue(noAuth),
                Cache = parse.GetValue(cache),
            };
            if (options.AuthToken is null && !options.AllowAnonymousRemote && !IsLoopback(options.Bind))
            {
                throw new UsageException($"--bind {options.Bind} exposes the dashboard beyond this machine: pass --auth-token (or set {TokenVariable}), or --no-auth to serve it without one");
            }

            try
            {
                ReportService.ValidateTimeZone(options.TimeZone);
            }
            catch (ReportOptionsException ex)
            {
                throw new UsageException("--tz: " + ex.Message);
            }

            try
            {
                options.Fx = parse.GetValue(fx) is { } fxPath ? FxRates.Load(fxPath) : null;
                options.Funnels = parse.GetValue(funnels) is { } funnelsPath ? FunnelCatalog.Load(funnelsPath) : FunnelCatalog.Default;
            }
            catch (ReportOptionsException ex)
            {
                throw new UsageException(ex.Message);
            }

            using var shutdown = new ShutdownSignal(cancellationToken);
            await using var reports = await ReportCommand.OpenReportsAsync(location, shutdown.Token);
            try
            {
                await reports.CheckAsync(shutdown.Token);
            }
            catch (ReportWarehouseException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"facet: {ex.Message}");
                return ExitCodes.Failure;
            }

            IReadOnlyList<Scheduling.DagDefinition>? dags = null;
            if (parse.GetValue(scheduleFile) is { } pipelinePath)
            {
                try
                {
                    dags = Scheduling.PipelineFile.Load(pipelinePath);
                }
                catch (Scheduling.PipelineFileException ex)
                {
                    throw new UsageException("--schedule-file: " + ex.Message);
                }
            }

            await using var scheduleStore = dags is null ? null : await Storage.Scheduling.ScheduleStore.OpenAsync(location, shutdown.Token);
            var board = dags is null ? null : new Scheduling.ScheduleBoard(dags, scheduleStore!, TimeProvider.System);
            using var loggerFactory = Settings.CliLogging.Create(LogLevel.Information);
            await using var export = await MetricsExport.StartAsync("facet-dashboard", parse.GetValue(metricsOptions.Port), [DashboardApp.MeterName], loggerFactory.CreateLogger<MetricsExport>(), shutdown.Token);
            await using var app = DashboardApp.Build(options, reports, Settings.CliLogging.ConfigureWebHost, board);
            try
            {
                await app.StartAsync(shutdown.Token);
            }
            catch (IOException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"facet: cannot listen on {options.Bind}:{options.Port} ({ex.Message}): pick another --port or --bind");
                return ExitCodes.Failure;
            }

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            await output.WriteLineAsync($"dashboard={address}");
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

            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }
}
