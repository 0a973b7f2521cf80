package app.sukoyaka.profiles;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * A submission HAPI's path parsed and validated, in the types the intake maps ({@link
 * CheckupSubmission}): the elements a checkup submission carries, each primitive as HAPI holds it
 * (as written), a Patient's declared profiles, and a resource or value of another type as {@link
 * CheckupSubmission.Other} or {@link CheckupSubmission.OtherValue} for the intake to refuse. For a
 * submission the streaming reader accepted, the two readings are equal record for record (a
 * decimal's scale included): that is what proves the reader reads the same submission HAPI does.
 */
public final class HapiReading {

  private HapiReading() {}

  /** The Bundle's submission. */
  public static CheckupSubmission of(Bundle bundle) {
    return new CheckupSubmission(
        text(bundle.getLanguageElement()),
        bundle.hasIdentifier() ? identifier(bundle.getIdentifier()) : null,
        text(bundle.getTypeElement()),
        bundle.getEntry().stream().map(HapiReading::entry).toList());
  }

  private static CheckupSubmission.Entry entry(Bundle.BundleEntryComponent entry) {
    Bundle.BundleEntryRequestComponent request = entry.getRequest();
    return new CheckupSubmission.Entry(
        text(entry.getFullUrlElement()),
        resource(entry.getResource()),
        entry.hasRequest()
            ? new CheckupSubmission.Request(
                text(request.getMethodElement()),
                text(request.getUrlElement()),
                text(request.getIfNoneExistElement()))
            : null);
  }

  private static CheckupSubmission.Resource resource(Resource resource) {
    if (resource instanceof Patient patient) {
      return new CheckupSubmission.Patient(
          text(patient.getLanguageElement()),
          patient.getExtension().stream().map(HapiReading::extension).toList(),
          patient.getIdentifier().stream().map(HapiReading::identifier).toList(),
          patient.getName().stream().map(HapiReading::name).toList(),
          text(patient.getGenderElement()),
          text(patient.getBirthDateElement()),
          patient.hasMultipleBirth() ? value(patient.getMultipleBirth()) : null,
          patient.getMeta().getProfile().stream().map(CanonicalType::getValue).toList());
    }
    if (resource instanceof Encounter encounter) {
      return new CheckupSubmission.Encounter(
          text(encounter.getLanguageElement()),
          text(encounter.getStatusElement()),
          encounter.hasClass_() ? coding(encounter.getClass_()) : null,
          encounter.getType().stream().map(HapiReading::concept).toList(),
          encounter.hasSubject() ? reference(encounter.getSubject()) : null,
          encounter.hasPeriod() ? period(encounter.getPeriod()) : null,
          encounter.hasServiceProvider() ? reference(encounter.getServiceProvider()) : null);
    }
    if (resource instanceof Observation observation) {
      return observation(observation);
    }
    if (resource instanceof QuestionnaireResponse response) {
      return new CheckupSubmission.EpdsResponse(
          text(response.getLanguageElement()),
          text(response.getQuestionnaireElement()),
          text(response.getStatusElement()),
          response.hasSubject() ? reference(response.getSubject()) : null,
          response.hasEncounter() ? reference(response.getEncounter()) : null,
          text(response.getAuthoredElement()),
          response.getItem().stream()
              .map(
                  item ->
                      new CheckupSubmission.Item(
                          text(item.getLinkIdElement()),
                          text(item.getTextElement()),
                          item.getAnswer().stream()
                              .filter(answer -> answer.hasValue())
                              .map(answer -> value(answer.getValue()))
                              .toList()))
              .toList());
    }
    return new CheckupSubmission.Other(resource.fhirType());
  }

  /** An Observation on its own (a clinic's correction of one finding). */
  public static CheckupSubmission.Observation observation(Observation observation) {
    return new CheckupSubmission.Observation(
        text(observation.getLanguageElement()),
        text(observation.getStatusElement()),
        observation.getCategory().stream().map(HapiReading::concept).toList(),
        observation.hasCode() ? concept(observation.getCode()) : null,
        observation.hasSubject() ? reference(observation.getSubject()) : null,
        observation.hasEncounter() ? reference(observation.getEncounter()) : null,
        observation.getEffective() instanceof DateTimeType effective ? text(effective) : null,
        observation.hasValue() ? value(observation.getValue()) : null,
        observation.hasDataAbsentReason() ? concept(observation.getDataAbsentReason()) : null,
        observation.getComponent().stream()
            .map(
                c ->
                    new CheckupSubmission.Component(
                        c.hasCode() ? concept(c.getCode()) : null,
                        c.hasValue() ? value(c.getValue()) : null,
                        c.hasDataAbsentReason() ? concept(c.getDataAbsentReason()) : null))
            .toList(),
        observation.hasSpecimen() ? reference(observation.getSpecimen()) : null);
  }

  private static CheckupSubmission.Extension extension(Extension extension) {
    Type value = extension.getValue();
    return new CheckupSubmission.Extension(
        text(extension.getUrlElement()),
        value instanceof CodeType code ? text(code) : null,
        value instanceof Reference reference ? reference(reference) : null);
  }

  private static CheckupSubmission.HumanName name(HumanName name) {
    return new CheckupSubmission.HumanName(
        name.getExtension().stream().map(HapiReading::extension).toList(),
        text(name.getUseElement()),
        text(name.getTextElement()),
        text(name.getFamilyElement()),
        // A given name carried only by an extension has no text to map.
        name.getGiven().stream().map(StringType::getValue).filter(Objects::nonNull).toList());
  }

  private static CheckupSubmission.Identifier identifier(Identifier identifier) {
    return new CheckupSubmission.Identifier(
        text(identifier.getSystemElement()), text(identifier.getValueElement()));
  }

  private static CheckupSubmission.Reference reference(Reference reference) {
    return new CheckupSubmission.Reference(
        text(reference.getReferenceElement_()),
        reference.hasIdentifier() ? identifier(reference.getIdentifier()) : null,
        text(reference.getDisplayElement()));
  }

  private static CheckupSubmission.Period period(Period period) {
    return new CheckupSubmission.Period(
        text(period.getStartElement()), text(period.getEndElement()));
  }

  private static CheckupSubmission.Coding coding(Coding coding) {
    return new CheckupSubmission.Coding(
        text(coding.getSystemElement()),
        text(coding.getCodeElement()),
        text(coding.getDisplayElement()));
  }

  private static CheckupSubmission.CodeableConcept concept(CodeableConcept concept) {
    List<CheckupSubmission.Coding> codings =
        concept.getCoding().stream().map(HapiReading::coding).toList();
    return new CheckupSubmission.CodeableConcept(codings, text(concept.getTextElement()));
  }

  private static CheckupSubmission.Value value(Type value) {
    if (value instanceof Quantity quantity) {
      return new CheckupSubmission.Quantity(
          text(quantity.getValueElement()),
          quantity.getValue(),
          text(quantity.getUnitElement()),
          text(quantity.getSystemElement()),
          text(quantity.getCodeElement()));
    }
    if (value instanceof CodeableConcept concept) {
      return concept(concept);
    }
    if (value instanceof BooleanType flag) {
      return new CheckupSubmission.BooleanValue(flag.booleanValue());
    }
    if (value instanceof IntegerType integer && "integer".equals(integer.fhirType())) {
      return new CheckupSubmission.IntegerValue(text(integer), integer.getValue());
    }
    if (value instanceof DateTimeType dateTime) {
      return new CheckupSubmission.DateTimeValue(text(dateTime));
    }
    if (value instanceof StringType string && "string".equals(string.fhirType())) {
      return new CheckupSubmission.StringValue(string.getValue());
    }
    return new CheckupSubmission.OtherValue(value.fhirType());
  }

  /** The primitive's text as HAPI holds it, or null. */
  private static String text(PrimitiveType<?> primitive) {
    return primitive == null || primitive.isEmpty() ? null : primitive.getValueAsString();
  }
}
