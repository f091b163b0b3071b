package dev.inspection.api;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The wire contract of the API as a sorted list of one-line facts: every field's number, type and
 * label, every enum value's number, every method's request/response types and streaming. Two
 * descriptor sets are wire-compatible for existing clients when every fact of the old one still
 * holds in the new one; names of files, comments and options do not count.
 */
final class ApiContract {

    private ApiContract() {
    }

    /** Facts of every file in {@code set} whose package starts with one of {@code packagePrefixes}. */
    static List<String> facts(FileDescriptorSet set, List<String> packagePrefixes) {
        TreeSet<String> facts = new TreeSet<>();
        for (FileDescriptorProto file : set.getFileList()) {
            if (packagePrefixes.stream().noneMatch(p -> file.getPackage().startsWith(p))) {
                continue;
            }
            String pkg = file.getPackage();
            for (DescriptorProto message : file.getMessageTypeList()) {
                addMessage(facts, pkg + "." + message.getName(), message);
            }
            for (EnumDescriptorProto e : file.getEnumTypeList()) {
                addEnum(facts, pkg + "." + e.getName(), e);
            }
            for (ServiceDescriptorProto service : file.getServiceList()) {
                for (MethodDescriptorProto m : service.getMethodList()) {
                    facts.add("rpc " + pkg + "." + service.getName() + "." + m.getName() + " ("
                            + (m.getClientStreaming() ? "stream " : "") + m.getInputType().substring(1) + ") -> ("
                            + (m.getServerStreaming() ? "stream " : "") + m.getOutputType().substring(1) + ")");
                }
            }
        }
        return new ArrayList<>(facts);
    }

    private static void addMessage(TreeSet<String> facts, String fullName, DescriptorProto message) {
        facts.add("message " + fullName);
        for (FieldDescriptorProto f : message.getFieldList()) {
            String type = f.getTypeName().isEmpty()
                    ? f.getType().name().substring("TYPE_".length()).toLowerCase()
                    : f.getTypeName().substring(1);
            String label = f.getLabel() == FieldDescriptorProto.Label.LABEL_REPEATED ? "repeated " : "";
            String oneof = f.hasOneofIndex() && !f.getProto3Optional()
                    ? " oneof " + message.getOneofDecl(f.getOneofIndex()).getName() : "";
            facts.add("field " + fullName + "." + f.getName() + " = " + f.getNumber() + " " + label + type + oneof);
        }
        for (DescriptorProto nested : message.getNestedTypeList()) {
            addMessage(facts, fullName + "." + nested.getName(), nested);
        }
        for (EnumDescriptorProto e : message.getEnumTypeList()) {
            addEnum(facts, fullName + "." + e.getName(), e);
        }
    }

    private static void addEnum(TreeSet<String> facts, String fullName, EnumDescriptorProto e) {
        for (EnumValueDescriptorProto v : e.getValueList()) {
            facts.add("enum " + fullName + "." + v.getName() + " = " + v.getNumber());
        }
    }

    /**
     * Differences that break existing clients: facts of {@code locked} missing from {@code current}
     * (a field renumbered, retyped or removed, a method's types changed...).
     */
    static List<String> breakingChanges(List<String> locked, List<String> current) {
        TreeSet<String> now = new TreeSet<>(current);
        List<String> broken = new ArrayList<>();
        for (String fact : locked) {
            if (!now.contains(fact)) {
                broken.add(fact);
            }
        }
        return broken;
    }

    /** Facts of {@code current} that the lock does not list yet (compatible additions). */
    static List<String> additions(List<String> locked, List<String> current) {
        return breakingChanges(current, locked);
    }
}
