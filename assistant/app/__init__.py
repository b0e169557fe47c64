"""The ways in, over the Assistant façade: the CLI, the Gradio web app, evaluation."""
