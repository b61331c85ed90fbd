enum SluicePlaceholder {}
