using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Facet.Dashboard;

/// <summary>
/// The schedule page (issue 20), modelled on Airflow's grid view: per DAG its timetable and next run, and a grid of
/// its recent runs (columns, newest first) by task (rows), coloured by state, with a trigger button. Rendered on the
/// server (no script), so it needs nothing from the npm build. Behind the dashboard token like every other path.
/// </summary>
internal static class SchedulePage
{
    private const int RunsShown = 25;

    public static void Map(WebApplication app, IScheduleBoard board)
    {
        app.MapGet("/api/schedule", async (CancellationToken ct) =>
            Results.Json(await board.ReadAsync(RunsShown, ct), DashboardJsonContext.Default.ScheduleBoardView));

        app.MapPost("/api/schedule/{dag}/trigger", async (string dag, HttpContext context, CancellationToken ct) =>
        {
            if (!SameOrigin(context.Request))
            {
                // A page on another site must not be able to queue runs through a browser that can reach us.
                return Results.Json(new ApiError("cross-site trigger refused: post from the dashboard's own page"), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status403Forbidden);
            }

            string? message;
            try
            {
                message = await board.TriggerAsync(dag, ct);
            }
            catch (InvalidOperationException ex)
            {
                return Results.Json(new ApiError(ex.Message), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status409Conflict);
            }

            if (message is null)
            {
                return Results.Json(new ApiError($"unknown DAG '{dag}': see /api/schedule for the DAGs"), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound);
            }

            return context.Request.HasFormContentType
                ? Results.Redirect("/schedule?triggered=" + Uri.EscapeDataString(dag), permanent: false, preserveMethod: false)
                : Results.Json(new TriggerResult(message), DashboardJsonContext.Default.TriggerResult);
        });

        app.MapGet("/schedule", async (HttpContext context, CancellationToken ct) =>
        {
            var view = await board.ReadAsync(RunsShown, ct);
            return Results.Content(Render(view, context.Request.Query["triggered"].ToString()), "text/html; charset=utf-8");
        });
    }

    private static bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin" or "none";
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static string Render(ScheduleBoardView view, string triggered)
    {
        var html = new StringBuilder();
        html.Append("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Facet · schedule</title>
            <style>
            body{font:14px system-ui,sans-serif;margin:24px;color:#1f2937}h1{font-size:20px}h2{font-size:16px;margin:28px 0 4px}
            .meta{color:#6b7280;margin-bottom:8px}table{border-collapse:collapse}td,th{padding:2px 4px;text-align:center}
            th.task{text-align:right;font-weight:normal;padding-right:8px}.cell{display:inline-block;width:14px;height:14px;border-radius:3px;background:#e5e7eb}
            .success{background:#16a34a}.failed{background:#dc2626}.up_for_retry{background:#f59e0b}.upstream_failed{background:#f97316}
            .skipped{background:#f9a8d4}.running{background:#38bdf8}.queued{background:#9ca3af}.note{color:#16a34a}
            form{display:inline;margin-left:12px}.legend span{margin-right:12px}
            </style></head><body><h1>Scheduled pipelines</h1><p><a href="/">← dashboard</a></p>
            <p class="legend"><span><i class="cell success"></i> success</span><span><i class="cell failed"></i> failed</span><span><i class="cell up_for_retry"></i> up for retry</span><span><i class="cell upstream_failed"></i> upstream failed</span><span><i class="cell skipped"></i> skipped</span><span><i class="cell running"></i> running</span><span><i class="cell queued"></i> queued</span></p>
            """);
        if (triggered.Length > 0)
        {
            html.Append("<p class=\"note\">Queued a manual run of ").Append(E(triggered)).Append("; the scheduler runs it at its next look.</p>");
        }

        foreach (var dag in view.Dags)
        {
            html.Append("<h2>").Append(E(dag.Id))
                .Append("<form method=\"post\" action=\"/api/schedule/").Append(E(Uri.EscapeDataString(dag.Id))).Append("/trigger\"><button type=\"submit\">Trigger now</button></form></h2>")
                .Append("<div class=\"meta\">schedule ").Append(E(dag.Schedule)).Append(" (").Append(E(dag.TimeZone)).Append(") · next run ")
                .Append(E(dag.NextRun ?? "manual only")).Append("</div>");
            if (dag.Runs.Count == 0)
            {
                html.Append("<p class=\"meta\">no runs yet</p>");
                continue;
            }

            html.Append("<table><tr><th></th>");
            foreach (var run in dag.Runs)
            {
                html.Append("<th title=\"").Append(E($"{run.LogicalDate}, {run.RunType}, {run.State}")).Append("\"><i class=\"cell ").Append(E(run.State)).Append("\"></i></th>");
            }

            html.Append("</tr>");
            foreach (var task in dag.Tasks)
            {
                html.Append("<tr><th class=\"task\">").Append(E(task)).Append("</th>");
                foreach (var run in dag.Runs)
                {
                    var state = run.TaskStates.GetValueOrDefault(task) ?? "none";
                    html.Append("<td><i class=\"cell ").Append(E(state)).Append("\" title=\"").Append(E($"{task}, {run.LogicalDate}, {state}")).Append("\"></i></td>");
                }

                html.Append("</tr>");
            }

            html.Append("</table>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
