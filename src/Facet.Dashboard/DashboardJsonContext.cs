using System.Text.Json.Serialization;
using Facet.Storage.Reports;

namespace Facet.Dashboard;

/// <summary>Source-generated JSON for the API's bodies, snake_case like the report rows.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(Facet.Dashboard.Caching.CacheHealth))]
[JsonSerializable(typeof(KpiSnapshot))]
[JsonSerializable(typeof(PipelineStatus))]
[JsonSerializable(typeof(Facet.Storage.Reports.Commerce.CommerceKpis))]
[JsonSerializable(typeof(BadEventSummary))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ScheduleBoardView))]
[JsonSerializable(typeof(TriggerResult))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
