using System.Diagnostics;

using Microsoft.Extensions.Options;

using MlOps.Training.Service.Infrastructure;

namespace MlOps.Training.Service.Jobs;

/// <summary>
/// Claims queued jobs and runs up to <see cref="TrainingOptions.MaxConcurrentJobs"/> of them, beating each job's
/// heart while it runs. A job interrupted by shutdown is left running for recovery to queue it again.
/// </summary>
public sealed class TrainingJobWorker(
    JobStore jobs, TrainingJobRunner runner, IOptions<TrainingOptions> options, ILogger<TrainingJobWorker> logger) : BackgroundService
{
    private readonly TrainingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrentJobs);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await jobs.RecoverAbandonedAsync(_options.AbandonedAfter, _options.MaxAttempts, stoppingToken);
                await slots.WaitAsync(stoppingToken);
                if (await jobs.ClaimNextAsync(stoppingToken) is { } job)
                {
                    running.RemoveAll(task => task.IsCompleted);
                    running.Add(Task.Run(async () =>
                    {
                        try
                        {
                            await RunAsync(job, stoppingToken);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }, CancellationToken.None));
                    continue;
                }

                slots.Release();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not claim a training job; retrying");
            }

            await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(running);
    }

    private async Task RunAsync(TrainingJob job, CancellationToken stoppingToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var started = Stopwatch.GetTimestamp();
        var heartbeat = BeatAsync(job, cancel);
        try
        {
            logger.LogInformation("Training job {Job} for model {Model} started", job.Id, job.Model);
            var (status, result) = await runner.RunAsync(job, cancel.Token);
            await FinishAsync(job, status, result, started);
            logger.LogInformation("Training job {Job} ended {Status}", job.Id, status);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Training job {Job} interrupted by shutdown; it will be resumed", job.Id);
        }
        catch (OperationCanceledException)
        {
            await FinishAsync(job, JobStatus.Cancelled, new JobResult(null, ["Cancelled on request."], null, null, null, null, null), started);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Training job {Job} failed", job.Id);
            await FinishAsync(job, JobStatus.Failed, new JobResult(null, [ex.Message], null, null, null, null, null), started);
        }
        finally
        {
            await cancel.CancelAsync();
            await heartbeat;
        }
    }

    private async Task FinishAsync(TrainingJob job, string status, JobResult result, long started)
    {
        await jobs.FinishAsync(job, status, result, CancellationToken.None);
        TrainingMetrics.JobFinished(status, Stopwatch.GetElapsedTime(started));
    }

    private async Task BeatAsync(TrainingJob job, CancellationTokenSource cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            await Task.Delay(_options.HeartbeatInterval, cancel.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                if (!cancel.IsCancellationRequested && await jobs.BeatAsync(job.Id, CancellationToken.None))
                {
                    await cancel.CancelAsync();
                }
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Heartbeat of training job {Job} failed", job.Id);
            }
        }
    }
}