using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

using MlOps.Console.Training;

using Xunit;

namespace MlOps.ComponentTests.Console;

public sealed class JobFormTests
{
    [Fact]
    public void The_form_becomes_a_job_request_with_its_gates()
    {
        var (request, error) = JobForm.Read(Form(new()
        {
            ["model"] = "pima",
            ["dataset"] = "pima",
            ["datasetVersion"] = "2",
            ["trainers"] = new StringValues(["FastTree", "LightGbm"]),
            ["strategy"] = "grid",
            ["trials"] = "4",
            ["folds"] = "3",
            ["metric"] = "auc",
            ["threshold.auc"] = "0.75",
            ["threshold.f1"] = "",
        }));

        Assert.Null(error);
        Assert.NotNull(request);
        Assert.Equal("pima", request.Model);
        Assert.Equal(("pima", 2), (request.Dataset.Name, request.Dataset.Version));
        Assert.Equal(["FastTree", "LightGbm"], request.Trainers!);
        Assert.Equal(("grid", 4), (request.Search.Strategy, request.Search.Trials));
        Assert.Equal(3, request.Folds);
        Assert.Equal("auc", request.Metric);
        Assert.Equal(new Dictionary<string, double> { ["auc"] = 0.75 }, request.Thresholds);
    }

    [Fact]
    public void Blank_fields_are_left_to_the_apis_defaults()
    {
        var (request, error) = JobForm.Read(Form(new() { ["model"] = "pima", ["dataset"] = "pima", ["trials"] = " ", ["metric"] = "" }));

        Assert.Null(error);
        Assert.Null(request!.Trainers);
        Assert.Null(request.Search.Trials);
        Assert.Null(request.Folds);
        Assert.Null(request.Metric);
        Assert.Null(request.Dataset.Version);
        Assert.Empty(request.Thresholds);
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_refused_naming_its_field()
    {
        var (request, error) = JobForm.Read(Form(new() { ["model"] = "pima", ["trials"] = "many", ["threshold.auc"] = "high" }));

        Assert.Null(request);
        Assert.Contains("threshold.auc", error);
        Assert.Contains("trials", error);
    }

    private static FormCollection Form(Dictionary<string, StringValues> fields) => new(fields);
}