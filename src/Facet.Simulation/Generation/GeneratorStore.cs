namespace Facet.Simulation.Generation;

/// <summary>
/// One shop domain of the generated stream: its <c>store_id</c>, the country its shoppers mostly come from, the
/// language of its product slugs, how it formats prices, and an optional path prefix (e.g. <c>/glde</c>) that its
/// URLs carry after the host.
/// </summary>
public sealed record GeneratorStore(
    string StoreId,
    string Domain,
    string CountryCode,
    string Language,
    string Currency,
    decimal EuroRate,
    PriceStyle PriceStyle,
    string PathPrefix,
    double Traffic);
