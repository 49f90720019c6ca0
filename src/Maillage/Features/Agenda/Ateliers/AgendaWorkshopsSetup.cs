using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Agenda.Ateliers;

public static class AgendaWorkshopsSetup
{
    /// <summary>Rate-limit policy of the public registration pages: posts per address and minute from AgendaOptions.</summary>
    public const string PublicPolicy = "ateliers";

    public static IServiceCollection AddAgendaWorkshops(this IServiceCollection services)
    {
        // Helper "booking" binds it too; binding twice is harmless and keeps this area usable on its own.
        services.AddOptions<AgendaOptions>().BindConfiguration(AgendaOptions.Section);
        services.TryAddSingleton<ManagementLinks>();
        services.AddScoped<RegistrationService>();
        services.AddScoped<RegistrationFiles>();
        services.AddScoped<WorkshopMails>();
        services.AddScoped<AttendanceService>();
        services.AddScoped<SessionEditor>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptionsMonitor<AgendaOptions>, IConfiguration>((o, agenda, config) =>
            o.AddPolicy(PublicPolicy, ctx =>
            {
                var ip = ctx.Connection.RemoteIpAddress?.ToString() ?? "local";
                return HttpMethods.IsPost(ctx.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter("ateliers:" + ip, _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, agenda.CurrentValue.PublicPostsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("RateLimiting:PublicPerMinute", 120), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            }));
        return services;
    }
}
