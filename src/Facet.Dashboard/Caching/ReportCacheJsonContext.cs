using System.Text.Json.Serialization;
using Facet.Storage.Reports;

namespace Facet.Dashboard.Caching;

/// <summary>Source-generated JSON for what the report cache stores in its shared level (Redis).</summary>
[JsonSourceGenerationOptions(Converters = [typeof(ReportResultConverter)], DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReportResult))]
[JsonSerializable(typeof(KpiSnapshot))]
[JsonSerializable(typeof(PipelineStatus))]
[JsonSerializable(typeof(Facet.Storage.Reports.Commerce.CommerceKpis))]
[JsonSerializable(typeof(string))]
internal sealed partial class ReportCacheJsonContext : JsonSerializerContext;
