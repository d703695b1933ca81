namespace Facet.Simulation.Generation;

/// <summary>Product views in one store on one UTC day (see <see cref="TruthDocument.ViewsDefinitionText"/>).</summary>
public sealed record StoreDayViews(DateOnly Day, string StoreId, string Domain, long Views, long BotViews);
