using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Facet.Dashboard;

/// <summary>Builds the dashboard web application: report API, live updates and the page.</summary>
public static class DashboardApp
{
    public static WebApplication Build(DashboardOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{FormatHost(options.Bind)}:{options.Port}");
        logging?.Invoke(builder.Logging);
        var app = builder.Build();
        app.MapGet("/api/health", () => TypedResults.Ok(new HealthStatus("ok")));
        return app;
    }

    private static string FormatHost(string bind) => bind.Contains(':', StringComparison.Ordinal) ? $"[{bind}]" : bind;
}
