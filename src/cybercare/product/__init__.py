"""The product as versioned data: model, file loader and catalogue."""
