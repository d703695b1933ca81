using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Facet.Dashboard.Tests;

public sealed class DashboardAppTests
{
    [Fact]
    public async Task Health_endpoint_answers_ok_on_loopback()
    {
        await using var app = DashboardApp.Build(new DashboardOptions { Port = 0 });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var health = await http.GetFromJsonAsync<HealthStatus>("/api/health");
        Assert.Equal("ok", health?.Status);
        await app.StopAsync();
    }
}
