// Runs the CLI against examples/demo-state (placeholder until the demo state lands).
console.log("demo state not bundled yet")
