// A training or test message with the intent a person gave it.

export interface LabelledExample {
  text: string;
  label: string;
}
